import 'reflect-metadata';
import { runService } from '@app/platform';
import { RdCollaborationConfigSchema } from './config/rd-collaboration.config';
import { RdCollaborationModule } from './rd-collaboration.module';

void runService({
  configSchema: RdCollaborationConfigSchema,
  rootModule: (config) => RdCollaborationModule.forRoot(config),
  title: 'Enterprise R&D collaboration',
  description:
    'Joint R&D between schools and enterprises: challenges, proposals and review, projects with balanced ledgers, outcomes, links to placements and secondments, partnership scorecards.',
});
