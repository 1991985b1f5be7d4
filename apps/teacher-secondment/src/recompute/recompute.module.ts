import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { TeachersModule } from '../teachers/teachers.module';
import { RecomputeService } from './recompute.service';

/** Joins compliance and credentials: what changes one changes the other. */
@Module({
  imports: [ComplianceModule, CredentialsModule, TeachersModule],
  providers: [RecomputeService],
  exports: [RecomputeService],
})
export class RecomputeModule {}
