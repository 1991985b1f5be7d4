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

/** A student as the report pool holds it: the report's fields and the school. */
export type PooledStudent = ReportStudent & { schoolId: string };
/** A placement as the report pool holds it: the report's fields, its id and the school. */
export type PooledPlacement = ReportPlacement & { _id: string; schoolId: string };

const POOLED_STUDENT_FIELDS = { _id: 1, schoolId: 1, programme: 1, cohort: 1, registeredAt: 1 } as const;
const POOLED_PLACEMENT_FIELDS = { ...PLACEMENT_FIELDS, _id: 1, schoolId: 1 } as const;

/**
 * Documents per cursor batch: the driver holds one batch at a time, so a report over a school's
 * 10,000 placements holds about 1,000 of them (decoded) rather than all (docs/decisions/0056-memory-budget.md).
 */
export const REPORT_BATCH_SIZE = 1_000;

/**
 * Plain queries with projections, read as cursors; the figures are tallied as the documents
 * stream in by pure builders (portable to every Mongo-compatible server).
 */
@Injectable()
export class ReportsRepository implements OnModuleInit {
  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async onModuleInit(): Promise<void> {
    await this.db.collection('placements').createIndex({ schoolId: 1, programme: 1, cohort: 1 });
    await this.db.collection('placements').createIndex({ enterpriseId: 1, kind: 1 });
    await this.db.collection(STUDENTS).createIndex({ schoolId: 1, programme: 1, cohort: 1 });
  }

  /** A cursor (batches of REPORT_BATCH_SIZE): the report tallies each student and drops it. */
  students(scope: ReportScope): AsyncIterable<ReportStudent> {
    return this.db
      .collection<ReportStudent>(STUDENTS)
      .find(this.filterOf(scope), { projection: { _id: 1, programme: 1, cohort: 1, registeredAt: 1 }, batchSize: REPORT_BATCH_SIZE });
  }

  /** A cursor (batches of REPORT_BATCH_SIZE): the report tallies each placement and drops it. */
  placements(scope: ReportScope): AsyncIterable<ReportPlacement> {
    return this.db
      .collection<ReportPlacement>(PLACEMENTS)
      .find(this.filterOf(scope), { projection: PLACEMENT_FIELDS, batchSize: REPORT_BATCH_SIZE });
  }

  internshipsAt(enterpriseId: string): AsyncIterable<ReportPlacement> {
    return this.db
      .collection<ReportPlacement>(PLACEMENTS)
      .find({ enterpriseId, kind: 'internship' }, { projection: PLACEMENT_FIELDS, batchSize: REPORT_BATCH_SIZE });
  }

  /** Every student (erased ones too: their programme, cohort and registration stay), for the report pool's whole load. */
  allStudents(): AsyncIterable<PooledStudent> {
    return this.db.collection<PooledStudent>(STUDENTS).find({}, { projection: POOLED_STUDENT_FIELDS, batchSize: REPORT_BATCH_SIZE });
  }

  /** Every placement, for the report pool's whole load. */
  allPlacements(): AsyncIterable<PooledPlacement> {
    return this.db.collection<PooledPlacement>(PLACEMENTS).find({}, { projection: POOLED_PLACEMENT_FIELDS, batchSize: REPORT_BATCH_SIZE });
  }

  /** These students as stored now (by primary key). */
  studentsByIds(ids: readonly string[]): Promise<PooledStudent[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .collection<PooledStudent>(STUDENTS)
      .find({ _id: { $in: [...ids] } }, { projection: POOLED_STUDENT_FIELDS })
      .toArray();
  }

  /** These placements as stored now (by primary key). */
  placementsByIds(ids: readonly string[]): Promise<PooledPlacement[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .collection<PooledPlacement>(PLACEMENTS)
      .find({ _id: { $in: [...ids] } }, { projection: POOLED_PLACEMENT_FIELDS })
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
