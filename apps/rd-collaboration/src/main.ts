import 'reflect-metadata';
import { runService } from '@app/platform/bootstrap/run-service';
import { RdCollaborationConfigSchema } from './config/rd-collaboration.config';
import { RdCollaborationModule } from './rd-collaboration.module';

void runService({
  configSchema: RdCollaborationConfigSchema,
  rootModule: (config) => RdCollaborationModule.forRoot(config),
  title: 'Enterprise R&D collaboration',
  description: 'Joint R&D between schools and enterprises. Currently serves its local copy of the partner registry.',
});
