import 'reflect-metadata';
import { runService } from '@app/platform/bootstrap/run-service';
import { TalentPipelineConfigSchema } from './config/talent-pipeline.config';
import { TalentPipelineModule } from './talent-pipeline.module';

void runService({
  configSchema: TalentPipelineConfigSchema,
  rootModule: (config) => TalentPipelineModule.forRoot(config),
  title: 'Talent pipeline',
  description:
    'Partner registry, students, placements, ERP hiring-event ingestion (CloudEvents + Standard Webhooks) ' +
    'and placement outcomes for schools (pull feed with cursor, signed webhooks).',
});
