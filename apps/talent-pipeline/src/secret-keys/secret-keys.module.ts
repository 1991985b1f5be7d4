import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SecretKeysController } from './secret-keys.controller';
import { SecretKeysService } from './secret-keys.service';

/** The rotation of the key signing secrets are sealed with (ADR 0018, addendum): on top of the features that store them. */
@Module({
  imports: [PartnersModule, WebhooksModule],
  controllers: [SecretKeysController],
  providers: [SecretKeysService],
  exports: [SecretKeysService],
})
export class SecretKeysModule {}
