import { DynamicModule, Module } from '@nestjs/common';
import { partnerConsumerImports } from '@app/platform/bootstrap/partner-consumer-service.module';
import { TeacherSecondmentConfig } from './config/teacher-secondment.config';

/** Teacher secondment programme. So far: its own copy of the partner registry. */
@Module({})
export class TeacherSecondmentModule {
  static forRoot(config: TeacherSecondmentConfig): DynamicModule {
    return { module: TeacherSecondmentModule, imports: partnerConsumerImports(config) };
  }
}
