import { DynamicModule, Module } from '@nestjs/common';
import { partnerConsumerImports } from '@app/platform/bootstrap/partner-consumer-service.module';
import { RdCollaborationConfig } from './config/rd-collaboration.config';

/** Enterprise R&D collaboration. So far: its own copy of the partner registry. */
@Module({})
export class RdCollaborationModule {
  static forRoot(config: RdCollaborationConfig): DynamicModule {
    return { module: RdCollaborationModule, imports: partnerConsumerImports(config) };
  }
}
