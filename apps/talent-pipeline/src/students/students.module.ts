import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { PartnersModule } from '../partners/partners.module';
import { StudentsController } from './students.controller';
import { StudentsRepository } from './students.repository';
import { StudentsService } from './students.service';

@Module({
  imports: [PartnersModule, AccessLogModule],
  controllers: [StudentsController],
  providers: [StudentsRepository, StudentsService],
  exports: [StudentsService],
})
export class StudentsModule {}
