import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { ChallengesModule } from '../challenges/challenges.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ProposalsController } from './proposals.controller';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';

@Module({
  imports: [AccessModule, AccessLogModule, ChallengesModule, PrivacyModule],
  controllers: [ProposalsController],
  providers: [ProposalsService, ProposalsRepository],
  exports: [ProposalsService],
})
export class ProposalsModule {}
