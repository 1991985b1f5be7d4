import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessController } from './access.controller';
import { AccessService } from './access.service';
import { ApiKeysRepository } from './api-keys.repository';
import { AuthGuard } from './auth.guard';

/** Who may call: API keys of this service and the operator token. Exports the service and its guard. */
@Module({
  imports: [PartnerDirectoryModule],
  controllers: [AccessController],
  providers: [ApiKeysRepository, AccessService, AuthGuard],
  exports: [AccessService, AuthGuard],
})
export class AccessModule {}
