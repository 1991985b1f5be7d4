import { Module } from '@nestjs/common';
import { PartnerDirectoryModule } from '@app/partner-directory';
import { AccessModule } from '../access/access.module';
import { PostsController } from './posts.controller';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

@Module({
  imports: [AccessModule, PartnerDirectoryModule],
  controllers: [PostsController],
  providers: [PostsRepository, PostsService],
  exports: [PostsService],
})
export class PostsModule {}
