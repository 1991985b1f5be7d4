import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { OutcomeFeedController } from './outcome-feed.controller';
import { OutcomeFeedRepository } from './outcome-feed.repository';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [PartnersModule],
  controllers: [OutcomeFeedController],
  providers: [OutcomeFeedRepository, OutcomesService],
  exports: [OutcomesService],
})
export class OutcomesModule {}
