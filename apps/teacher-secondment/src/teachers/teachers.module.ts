import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { TeachersController } from './teachers.controller';
import { TeachersRepository } from './teachers.repository';
import { TeachersService } from './teachers.service';

@Module({
  imports: [AccessModule, AccessLogModule],
  controllers: [TeachersController],
  providers: [TeachersRepository, TeachersService],
  exports: [TeachersService],
})
export class TeachersModule {}
