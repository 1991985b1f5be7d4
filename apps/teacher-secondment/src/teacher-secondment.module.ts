import { DynamicModule, Module } from '@nestjs/common';
import { ClockModule } from '@app/base';
import { SERVICE_TOPICS } from '@app/contracts';
import { AccessLogModule, partnerConsumerImports } from '@app/platform';
import { PartnerDirectoryApiModule } from '@app/partner-directory';
import { AccessModule } from './access/access.module';
import { SecondmentDirectoryReaders } from './access/directory-readers';
import { TeacherSecondmentConfig } from './config/teacher-secondment.config';
import { PostsModule } from './posts/posts.module';
import { SecondmentsModule } from './secondments/secondments.module';
import { SECONDMENTS } from './secondments/secondments.repository';
import { PracticeSignalModule } from './shared/practice-signal';
import { TeachersModule } from './teachers/teachers.module';
import { ComplianceModule } from './compliance/compliance.module';
import { CredentialsModule } from './credentials/credentials.module';
import { CREDENTIALS } from './credentials/credentials.repository';
import { RecomputeModule } from './recompute/recompute.module';
import { EngineerTeachingModule } from './engineer-teaching/engineer-teaching.module';
import { ENGAGEMENTS } from './engineer-teaching/engagements.repository';
import { ReportsModule } from './reports/reports.module';
import { TEACHERS } from './teachers/teachers.repository';
import { DISCLOSURES, RD_PARTICIPANT_CHECKS } from '@app/platform';
import { ERASURES } from './privacy/erasures.repository';
import { PrivacyModule } from './privacy/privacy.module';
import { RdParticipantChecksModule } from './rd-participants/rd-participant-checks.module';

/**
 * Teacher secondment programme: teachers, host posts, secondments and their practice logs,
 * the compliance engine, double-qualified credentials, the reverse flow and reports, on its
 * own copy of the partner registry.
 */
@Module({})
export class TeacherSecondmentModule {
  static forRoot(config: TeacherSecondmentConfig): DynamicModule {
    return {
      module: TeacherSecondmentModule,
      imports: [
        ...partnerConsumerImports(config, {
          consumes: [...SERVICE_TOPICS['teacher-secondment'].consumes],
          produces: [...SERVICE_TOPICS['teacher-secondment'].produces],
          outboxCollections: [TEACHERS, SECONDMENTS, CREDENTIALS, ENGAGEMENTS, DISCLOSURES, ERASURES, RD_PARTICIPANT_CHECKS],
        }),
        PracticeSignalModule,
        ClockModule,
        AccessModule,
        PartnerDirectoryApiModule.register({ imports: [AccessModule], readers: SecondmentDirectoryReaders }),
        TeachersModule,
        PostsModule,
        SecondmentsModule,
        ComplianceModule,
        CredentialsModule,
        RecomputeModule,
        ReportsModule,
        EngineerTeachingModule,
        PrivacyModule,
        RdParticipantChecksModule,
        AccessLogModule,
      ],
    };
  }
}
