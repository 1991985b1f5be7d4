import 'reflect-metadata';
import { runService } from '@app/platform';
import { TalentPipelineConfigSchema } from './config/talent-pipeline.config';
import { TalentPipelineModule } from './talent-pipeline.module';

void runService({
  configSchema: TalentPipelineConfigSchema,
  rootModule: (config) => TalentPipelineModule.forRoot(config),
  title: 'Talent pipeline',
  description:
    'Partner registry and cooperation agreements; students, consent and the disclosure ledger; enterprise demand ' +
    '(requisitions) and matching; placements with three-party sign-off, attendance and evaluations; ERP ingestion ' +
    '(CloudEvents signed per Standard Webhooks, SuccessFactors- and Workday-style adapters, review queue); placement ' +
    'outcomes for schools (signed webhooks with filters, rotation and replay; pull feed with cursor); reports as JSON and CSV.',
});
