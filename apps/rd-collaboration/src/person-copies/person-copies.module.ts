import { Module } from '@nestjs/common';
import { PersonCopiesRepository } from './person-copies.repository';
import { PersonCopiesService } from './person-copies.service';

@Module({ providers: [PersonCopiesService, PersonCopiesRepository], exports: [PersonCopiesService] })
export class PersonCopiesModule {}
