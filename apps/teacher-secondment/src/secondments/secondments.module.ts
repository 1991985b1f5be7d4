import { Module } from '@nestjs/common';
import { AccessLogModule } from '@app/platform';
import { AccessModule } from '../access/access.module';
import { PostsModule } from '../posts/posts.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { TeachersModule } from '../teachers/teachers.module';
import { SecondmentsController } from './secondments.controller';
import { SecondmentsRepository } from './secondments.repository';
import { SecondmentsService } from './secondments.service';

@Module({
  imports: [AccessModule, AccessLogModule, TeachersModule, PostsModule, PrivacyModule],
  controllers: [SecondmentsController],
  providers: [SecondmentsRepository, SecondmentsService],
  exports: [SecondmentsService],
})
export class SecondmentsModule {}
