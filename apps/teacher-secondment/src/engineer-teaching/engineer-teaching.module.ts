import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessModule } from '../access/access.module';
import { EngagementsRepository } from './engagements.repository';
import { EngineerTeachingController } from './engineer-teaching.controller';
import { EngineerTeachingService } from './engineer-teaching.service';

/** The reverse flow: enterprise engineers teaching at schools, signed off by the school. */
@Module({
  imports: [AccessModule, PartnerDirectoryModule],
  controllers: [EngineerTeachingController],
  providers: [EngagementsRepository, EngineerTeachingService],
  exports: [EngineerTeachingService],
})
export class EngineerTeachingModule {}
