import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { PartnersModule } from '../partners/partners.module';
import { StudentsModule } from '../students/students.module';
import { ConsentService } from './consent.service';
import { ConsentsController } from './consents.controller';
import { ConsentsRepository } from './consents.repository';
import { SchoolConsentsController } from './school-consents.controller';

@Module({
  imports: [PartnersModule, StudentsModule, AccessLogModule],
  controllers: [ConsentsController, SchoolConsentsController],
  providers: [ConsentsRepository, ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
