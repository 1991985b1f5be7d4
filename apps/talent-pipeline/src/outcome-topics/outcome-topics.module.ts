import { Module } from '@nestjs/common';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { PartnersModule } from '../partners/partners.module';
import { OutcomeTopicMetrics } from './outcome-topic.metrics';
import { OutcomeTopicPump } from './outcome-topic.pump';
import { OutcomeTopicsController } from './outcome-topics.controller';
import { OutcomeTopicsRepository } from './outcome-topics.repository';
import { OutcomeTopicsService } from './outcome-topics.service';

/** Schools' own outcome topics: each school's pull feed published to a Kafka topic of its own (ADR 0075). */
@Module({
  imports: [OutcomesModule, PartnersModule],
  controllers: [OutcomeTopicsController],
  providers: [OutcomeTopicsRepository, OutcomeTopicsService, OutcomeTopicPump, OutcomeTopicMetrics],
  exports: [OutcomeTopicsService],
})
export class OutcomeTopicsModule {}
