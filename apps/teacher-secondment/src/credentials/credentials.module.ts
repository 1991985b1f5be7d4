import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { CredentialsController } from './credentials.controller';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { PublicCredentialsController } from './public-credentials.controller';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

@Module({
  imports: [AccessModule, AccessLogModule],
  controllers: [PublicCredentialsController, CredentialsController],
  providers: [SigningKeysRepository, SigningKeysService, CredentialsRepository, CredentialsService],
  exports: [CredentialsService],
})
export class CredentialsModule {}
