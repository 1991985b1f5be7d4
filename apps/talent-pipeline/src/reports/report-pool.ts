import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { ChangeFedReadModel, ChangeLog, ReadModelSource, ReadModelTooLarge } from '@app/persistence';
import { ReadModelMetrics } from '@app/platform';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PLACEMENTS, STUDENTS } from '../shared/collections';
import { Interner } from '../shared/interner';
import { reportHistory } from './domain/report-inputs';
import { PooledPlacement, PooledStudent, ReportScope, ReportsRepository } from './reports.repository';

interface ReportState {
  /** Shares the values repeated across documents (schools, programmes, cohorts, roles). */
  values: Interner;
  students: Map<string, PooledStudent>;
  placements: Map<string, PooledPlacement>;
  /** School id to the ids of its students / placements. */
  studentsBySchool: Map<string, Set<string>>;
  placementsBySchool: Map<string, Set<string>>;
  /** Enterprise id to the ids of its placements. */
  placementsByEnterprise: Map<string, Set<string>>;
}

/** What a report reads from the pool: synchronous, so one report sees one state. */
export interface ReportPoolView {
  students(scope: ReportScope): Iterable<PooledStudent>;
  placements(scope: ReportScope): Iterable<PooledPlacement>;
  placementsAt(enterpriseId: string): Iterable<PooledPlacement>;
}

/**
 * Every student's and placement's report fields, in memory, so a report over a school's 10,000
 * placements tallies them without reading them out of the database per request (ADR 0060). It
 * follows the `students` and `placements` change logs (every placement write goes through the
 * AggregateStore, which records it), so a report sees every write that completed before it
 * started, whichever replica made it.
 */
@Injectable()
export class ReportPool implements OnModuleDestroy, ReadModelSource<ReportState> {
  readonly streams = [STUDENTS, PLACEMENTS];
  private readonly model: ChangeFedReadModel<ReportState>;

  constructor(
    changes: ChangeLog,
    private readonly reports: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    metrics: ReadModelMetrics,
  ) {
    this.model = new ChangeFedReadModel(changes, this, {
      name: 'reports',
      maxAgeMs: config.POOL_MAX_AGE_MS,
      followMs: config.POOL_FOLLOW_MS,
      enabled: config.REPORTS_POOL_MAX_DOCUMENTS > 0,
      metrics,
    });
  }

  onModuleDestroy(): void {
    this.model.stop();
  }

  /**
   * The pool with every change recorded before the call, or undefined while it is off (the
   * caller reads the database). Counted in read_model_answers_total{model="reports"}.
   */
  async current(): Promise<ReportPoolView | undefined> {
    const state = await this.model.current();
    this.model.answered(state ? 'memory' : 'database');
    return state ? viewOf(state) : undefined;
  }

  async load(): Promise<ReportState> {
    const state: ReportState = {
      values: new Interner(),
      students: new Map(),
      placements: new Map(),
      studentsBySchool: new Map(),
      placementsBySchool: new Map(),
      placementsByEnterprise: new Map(),
    };
    await Promise.all([
      (async () => {
        for await (const student of this.reports.allStudents()) {
          addStudent(state, student);
          this.checkSize(state);
        }
      })(),
      (async () => {
        for await (const placement of this.reports.allPlacements()) {
          addPlacement(state, placement);
          this.checkSize(state);
        }
      })(),
    ]);
    return state;
  }

  async apply(state: ReportState, changed: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const studentIds = changed.get(STUDENTS) ?? [];
    const placementIds = changed.get(PLACEMENTS) ?? [];
    const [students, placements] = await Promise.all([this.reports.studentsByIds(studentIds), this.reports.placementsByIds(placementIds)]);
    for (const id of studentIds) removeStudent(state, id);
    for (const id of placementIds) removePlacement(state, id);
    students.forEach((student) => addStudent(state, student));
    placements.forEach((placement) => addPlacement(state, placement));
    this.checkSize(state);
  }

  describe(state: ReportState): string {
    return `${state.students.size} students, ${state.placements.size} placements`;
  }

  size(state: ReportState): number {
    return state.students.size + state.placements.size;
  }

  private checkSize(state: ReportState): void {
    if (this.size(state) > this.config.REPORTS_POOL_MAX_DOCUMENTS) throw new ReadModelTooLarge();
  }
}

function inScope<T extends { programme: string; cohort: string }>(doc: T, scope: ReportScope): boolean {
  return (!scope.programme || doc.programme === scope.programme) && (!scope.cohort || doc.cohort === scope.cohort);
}

function* scoped<T extends { programme: string; cohort: string }>(
  all: Map<string, T>,
  bySchool: Map<string, Set<string>>,
  scope: ReportScope,
): Iterable<T> {
  if (scope.schoolId) {
    for (const id of bySchool.get(scope.schoolId) ?? []) {
      const doc = all.get(id)!;
      if (inScope(doc, scope)) yield doc;
    }
    return;
  }
  for (const doc of all.values()) if (inScope(doc, scope)) yield doc;
}

function viewOf(state: ReportState): ReportPoolView {
  return {
    students: (scope) => scoped(state.students, state.studentsBySchool, scope),
    placements: (scope) => scoped(state.placements, state.placementsBySchool, scope),
    *placementsAt(enterpriseId) {
      for (const id of state.placementsByEnterprise.get(enterpriseId) ?? []) yield state.placements.get(id)!;
    },
  };
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

function addStudent(state: ReportState, read: PooledStudent): void {
  const { values } = state;
  const student: PooledStudent = {
    _id: read._id,
    schoolId: values.string(read.schoolId),
    programme: values.string(read.programme),
    cohort: values.string(read.cohort),
    registeredAt: read.registeredAt,
  };
  state.students.set(student._id, student);
  addTo(state.studentsBySchool, student.schoolId, student._id);
}

/** Only the history entries the figures read, and one instance of each repeated value. */
function addPlacement(state: ReportState, read: PooledPlacement): void {
  const { values } = state;
  const placement: PooledPlacement = {
    _id: read._id,
    studentId: read.studentId,
    schoolId: values.string(read.schoolId),
    enterpriseId: values.string(read.enterpriseId),
    programme: values.string(read.programme),
    cohort: values.string(read.cohort),
    kind: values.string(read.kind) as PooledPlacement['kind'],
    role: values.string(read.role),
    status: values.string(read.status) as PooledPlacement['status'],
    history: reportHistory(read.history ?? []),
  };
  state.placements.set(placement._id, placement);
  addTo(state.placementsBySchool, placement.schoolId, placement._id);
  addTo(state.placementsByEnterprise, placement.enterpriseId, placement._id);
}

function removeStudent(state: ReportState, id: string): void {
  const held = state.students.get(id);
  if (!held) return;
  state.students.delete(id);
  state.studentsBySchool.get(held.schoolId)?.delete(id);
}

function removePlacement(state: ReportState, id: string): void {
  const held = state.placements.get(id);
  if (!held) return;
  state.placements.delete(id);
  state.placementsBySchool.get(held.schoolId)?.delete(id);
  state.placementsByEnterprise.get(held.enterpriseId)?.delete(id);
}
