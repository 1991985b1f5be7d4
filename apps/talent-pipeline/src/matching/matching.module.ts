import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ConsentModule } from '../consent/consent.module';
import { DemandModule } from '../demand/demand.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { PartnersModule } from '../partners/partners.module';
import { CandidatePool } from './candidate-pool';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';

@Module({
  imports: [PartnersModule, AgreementsModule, ConsentModule, DemandModule, DisclosuresModule],
  controllers: [MatchingController],
  providers: [CandidateProfilesRepository, CandidatePool, MatchingService],
  exports: [MatchingService],
})
export class MatchingModule {}
