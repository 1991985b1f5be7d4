import { DynamicModule, Module } from '@nestjs/common';
import { SERVICE_TOPICS } from '@app/contracts';
import { MessagingModule } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';
import { AccessLogModule, PlatformModule, HealthModule, loggingModule, RD_PARTICIPANT_CHECKS } from '@app/platform';
import { AgreementsModule } from './agreements/agreements.module';
import { AGREEMENTS } from './agreements/agreements.repository';
import { TalentPipelineConfig } from './config/talent-pipeline.config';
import { ConsentModule } from './consent/consent.module';
import { DemandModule } from './demand/demand.module';
import { REQUISITIONS } from './demand/requisitions.repository';
import { DisclosuresModule } from './disclosures/disclosures.module';
import { ErasureModule } from './erasure/erasure.module';
import { ERASURE_REQUESTS } from './erasure/erasure-requests.repository';
import { ERP_INBOX } from './erp-ingest/erp-inbox.repository';
import { ErpIngestModule } from './erp-ingest/erp-ingest.module';
import { MatchingModule } from './matching/matching.module';
import { OutcomeTopicsModule } from './outcome-topics/outcome-topics.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PartnersModule } from './partners/partners.module';
import { PlacementsModule } from './placements/placements.module';
import { RD_PLACEMENT_DECISIONS } from './rd-placements/rd-placement-decisions.repository';
import { RdPlacementsModule } from './rd-placements/rd-placements.module';
import { ReportsModule } from './reports/reports.module';
import { CONSENTS, ENTERPRISES, PLACEMENTS, SCHOOLS } from './shared/collections';
import { SecretKeysModule } from './secret-keys/secret-keys.module';
import { SharedModule } from './shared/shared.module';
import { StudentProfilesModule } from './student-profiles/student-profiles.module';
import { StudentsModule } from './students/students.module';
import { SupervisorsModule } from './supervisors/supervisors.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The talent pipeline's own features, one module each. */
export const TALENT_PIPELINE_FEATURES = [
  PartnersModule,
  StudentsModule,
  StudentProfilesModule,
  AgreementsModule,
  ConsentModule,
  DisclosuresModule,
  DemandModule,
  MatchingModule,
  PlacementsModule,
  RdPlacementsModule,
  ErpIngestModule,
  OutcomesModule,
  OutcomeTopicsModule,
  WebhooksModule,
  ReportsModule,
  SupervisorsModule,
  ErasureModule,
  AccessLogModule,
  SecretKeysModule,
];

/**
 * The talent pipeline: infrastructure modules, then one module per feature. Features reach
 * each other only through the service a feature module exports (docs/decisions/0035).
 */
@Module({})
export class TalentPipelineModule {
  static forRoot(config: TalentPipelineConfig): DynamicModule {
    return {
      module: TalentPipelineModule,
      imports: [
        PlatformModule.forRoot(config),
        loggingModule(config.SERVICE_NAME, config.LOG_LEVEL),
        MessagingModule.forRoot({
          consumes: [...SERVICE_TOPICS['talent-pipeline'].consumes],
          produces: [...SERVICE_TOPICS['talent-pipeline'].produces],
        }),
        PersistenceModule.forRoot({
          outboxCollections: [
            SCHOOLS,
            ENTERPRISES,
            PLACEMENTS,
            ERP_INBOX,
            AGREEMENTS,
            REQUISITIONS,
            ERASURE_REQUESTS,
            CONSENTS,
            RD_PLACEMENT_DECISIONS,
            RD_PARTICIPANT_CHECKS,
          ],
        }),
        HealthModule,
        SharedModule,
        ...TALENT_PIPELINE_FEATURES,
      ],
    };
  }
}
