import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateStore, OutboxSignal, MONGO_DB } from '@app/persistence';
import { ENTERPRISES, SCHOOLS } from '../shared/collections';
import { EnterpriseDocument, SchoolDocument } from './partner.documents';

export { ENTERPRISES, SCHOOLS };

@Injectable()
export class PartnersRepository implements OnModuleInit {
  readonly schools: AggregateStore<SchoolDocument>;
  readonly enterprises: AggregateStore<EnterpriseDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.schools = new AggregateStore<SchoolDocument>(db, SCHOOLS, signal);
    this.enterprises = new AggregateStore<EnterpriseDocument>(db, ENTERPRISES, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.schools.collection.createIndex({ apiKeyHash: 1 }, { unique: true });
    await this.enterprises.collection.createIndex({ apiKeyHash: 1 }, { unique: true });
  }

  findEnterpriseByApiKeyHash(apiKeyHash: string): Promise<EnterpriseDocument | null> {
    return this.enterprises.collection.findOne({ apiKeyHash }) as Promise<EnterpriseDocument | null>;
  }

  findSchoolByApiKeyHash(apiKeyHash: string): Promise<SchoolDocument | null> {
    return this.schools.collection.findOne({ apiKeyHash }) as Promise<SchoolDocument | null>;
  }
}
