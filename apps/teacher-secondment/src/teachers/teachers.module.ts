import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { TeachersController } from './teachers.controller';
import { TeachersRepository } from './teachers.repository';
import { TeachersService } from './teachers.service';

@Module({
  imports: [AccessModule, AccessLogModule, PrivacyModule],
  controllers: [TeachersController],
  providers: [TeachersRepository, TeachersService],
  exports: [TeachersService],
})
export class TeachersModule {}
