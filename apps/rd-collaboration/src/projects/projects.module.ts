import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { ChallengesModule } from '../challenges/challenges.module';
import { PersonCopiesModule } from '../person-copies/person-copies.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { ProjectWaitMetrics } from './project-waits.metrics';
import { ProjectWorkController } from './project-work.controller';
import { ProjectWriter } from './project-writer';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

@Module({
  imports: [AccessModule, AccessLogModule, ChallengesModule, ProposalsModule, PersonCopiesModule, PrivacyModule],
  controllers: [ProjectsController, ProjectWorkController],
  providers: [ProjectsService, ProjectsRepository, ProjectWriter, ProjectWaitMetrics],
  exports: [ProjectsService],
})
export class ProjectsModule {}
