import { Module } from '@nestjs/common';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { OutcomeFeedController } from './outcome-feed.controller';
import { OutcomeFeedRepository } from './outcome-feed.repository';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [PartnersModule, StudentsModule],
  controllers: [OutcomeFeedController],
  providers: [OutcomeFeedRepository, OutcomesService],
  exports: [OutcomesService],
})
export class OutcomesModule {}
