import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { ENTERPRISES, PLACEMENTS, STUDENTS } from '../shared/collections';
import { ReportPlacement, ReportStudent } from './domain/report-inputs';

export interface ReportScope {
  schoolId?: string;
  programme?: string;
  cohort?: string;
}

const PLACEMENT_FIELDS = {
  _id: 0,
  studentId: 1,
  enterpriseId: 1,
  programme: 1,
  cohort: 1,
  kind: 1,
  role: 1,
  status: 1,
  'history.status': 1,
  'history.at': 1,
} as const;

/**
 * Plain queries with projections; the figures are reduced in memory by pure functions
 * (portable to every Mongo-compatible server, and fast enough for a school's placements).
 */
@Injectable()
export class ReportsRepository implements OnModuleInit {
  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async onModuleInit(): Promise<void> {
    await this.db.collection('placements').createIndex({ schoolId: 1, programme: 1, cohort: 1 });
    await this.db.collection('placements').createIndex({ enterpriseId: 1, kind: 1 });
    await this.db.collection(STUDENTS).createIndex({ schoolId: 1, programme: 1, cohort: 1 });
  }

  students(scope: ReportScope): Promise<ReportStudent[]> {
    return this.db
      .collection<ReportStudent>(STUDENTS)
      .find(this.filterOf(scope), { projection: { _id: 1, programme: 1, cohort: 1, registeredAt: 1 } })
      .toArray();
  }

  placements(scope: ReportScope): Promise<ReportPlacement[]> {
    return this.db.collection<ReportPlacement>(PLACEMENTS).find(this.filterOf(scope), { projection: PLACEMENT_FIELDS }).toArray();
  }

  internshipsAt(enterpriseId: string): Promise<ReportPlacement[]> {
    return this.db
      .collection<ReportPlacement>(PLACEMENTS)
      .find({ enterpriseId, kind: 'internship' }, { projection: PLACEMENT_FIELDS })
      .toArray();
  }

  async enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const docs = await this.db
      .collection<{ _id: string; name: string }>(ENTERPRISES)
      .find({ _id: { $in: [...ids] } }, { projection: { _id: 1, name: 1 } })
      .toArray();
    return new Map(docs.map((d) => [d._id, d.name]));
  }

  private filterOf(scope: ReportScope): Record<string, string> {
    return {
      ...(scope.schoolId ? { schoolId: scope.schoolId } : {}),
      ...(scope.programme ? { programme: scope.programme } : {}),
      ...(scope.cohort ? { cohort: scope.cohort } : {}),
    };
  }
}
