import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { PersonCopiesRepository } from './person-copies.repository';
import { PersonCopiesService } from './person-copies.service';

@Module({ imports: [PrivacyModule], providers: [PersonCopiesService, PersonCopiesRepository], exports: [PersonCopiesService] })
export class PersonCopiesModule {}
