import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessController } from './access.controller';
import { AccessKeysRepository } from './access-keys.repository';
import { AccessService } from './access.service';

@Module({
  imports: [PartnerDirectoryModule],
  controllers: [AccessController],
  providers: [AccessService, AccessKeysRepository],
  exports: [AccessService],
})
export class AccessModule {}
