import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessModule } from '../access/access.module';
import { ChallengesController } from './challenges.controller';
import { ChallengesRepository } from './challenges.repository';
import { ChallengesService } from './challenges.service';

@Module({
  imports: [AccessModule, PartnerDirectoryModule],
  controllers: [ChallengesController],
  providers: [ChallengesService, ChallengesRepository],
  exports: [ChallengesService],
})
export class ChallengesModule {}
