import 'reflect-metadata';
import { runService } from '@app/platform';
import { TeacherSecondmentConfigSchema } from './config/teacher-secondment.config';
import { TeacherSecondmentModule } from './teacher-secondment.module';

void runService({
  configSchema: TeacherSecondmentConfigSchema,
  rootModule: (config) => TeacherSecondmentModule.forRoot(config),
  title: 'Teacher secondment programme',
  description:
    'Teachers in enterprise practice: host posts, secondments, practice logs, the compliance engine (rules as data), double-qualified credentials (Open Badges 3.0, VC-JOSE) and reports.',
});
