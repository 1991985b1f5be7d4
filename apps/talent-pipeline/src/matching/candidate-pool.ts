import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { ChangeFedReadModel, ChangeLog, ReadModelSource, ReadModelTooLarge } from '@app/persistence';
import { ReadModelMetrics } from '@app/platform';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { ConsentFacts } from '../consent/consent.document';
import { ConsentService } from '../consent/consent.service';
import { isConsentInForce } from '../consent/domain/consent-in-force';
import { CONSENTS, STUDENTS } from '../shared/collections';
import { Interner } from '../shared/interner';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfile } from './domain/rank-candidates';

/** The only purpose the pool keeps consents for. */
const MATCHING = 'matching' as const;

interface PoolState {
  /** Shares the values repeated across students (schools, programmes, skills, periods). */
  values: Interner;
  students: Map<string, CandidateProfile>;
  /** School id to its students (the same objects as in `students`), by id. */
  bySchool: Map<string, Map<string, CandidateProfile>>;
  /** Not-withdrawn `matching` consents by id. */
  consents: Map<string, ConsentFacts>;
  /** Enterprise id to its consents (the same objects as in `consents`), by student id. */
  byEnterprise: Map<string, Map<string, ConsentFacts[]>>;
}

/** What a match reads from the pool: synchronous, so one match sees one state. */
export interface CandidatePoolView {
  candidatesOf(schoolIds: readonly string[]): Iterable<CandidateProfile>;
  /**
   * Whether the student has a `matching` consent to the enterprise in force at `at`. Asked per
   * candidate: a match checks only the consents of the students it ranks, and builds nothing
   * per request.
   */
  hasConsentInForce(enterpriseId: string, studentId: string, at: Date): boolean;
}

/**
 * Every student's candidate profile and every `matching` consent, in memory, so a match ranks
 * without reading 10,000 students and 10,000 consents per request (ADR 0060). It follows the
 * `students` and `consents` change logs, so a match sees every write that completed before it
 * started, whichever replica made it. The matching service still checks the students it
 * answers with against the database before anything leaves.
 */
@Injectable()
export class CandidatePool implements OnModuleDestroy, ReadModelSource<PoolState> {
  readonly streams = [STUDENTS, CONSENTS];
  private readonly model: ChangeFedReadModel<PoolState>;

  constructor(
    changes: ChangeLog,
    private readonly candidates: CandidateProfilesRepository,
    private readonly consents: ConsentService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    metrics: ReadModelMetrics,
  ) {
    this.model = new ChangeFedReadModel(changes, this, {
      name: 'matching',
      maxAgeMs: config.POOL_MAX_AGE_MS,
      followMs: config.POOL_FOLLOW_MS,
      enabled: config.MATCHING_POOL_MAX_STUDENTS > 0,
      metrics,
    });
  }

  onModuleDestroy(): void {
    this.model.stop();
  }

  /**
   * The pool with every change recorded before the call, or undefined when the pool is off
   * (MATCHING_POOL_MAX_STUDENTS 0, or more students than that): then the caller reads the
   * database itself.
   */
  async current(): Promise<CandidatePoolView | undefined> {
    const state = await this.model.current();
    return state ? viewOf(state) : undefined;
  }

  /** Forgets the pool: the next match reloads it whole (after a check found it out of date). */
  invalidate(): void {
    this.model.invalidate();
  }

  /** Counts where a match's answer came from (read_model_answers_total{model="matching"} on /metrics). */
  answered(source: 'memory' | 'database'): void {
    this.model.answered(source);
  }

  async load(): Promise<PoolState> {
    const state: PoolState = {
      values: new Interner(),
      students: new Map(),
      bySchool: new Map(),
      consents: new Map(),
      byEnterprise: new Map(),
    };
    await Promise.all([
      (async () => {
        for await (const candidate of this.candidates.streamAll()) {
          addStudent(state, candidate);
          this.checkSize(state);
        }
      })(),
      (async () => {
        for await (const consent of this.consents.unwithdrawnConsents(MATCHING)) addConsent(state, consent);
      })(),
    ]);
    return state;
  }

  async apply(state: PoolState, changed: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const studentIds = changed.get(STUDENTS) ?? [];
    const consentIds = changed.get(CONSENTS) ?? [];
    const [students, consents] = await Promise.all([this.candidates.findByIds(studentIds), this.consents.consentFacts(consentIds)]);
    replaceStudents(state, studentIds, students);
    replaceConsents(state, consentIds, consents);
    this.checkSize(state);
  }

  describe(state: PoolState): string {
    return `${state.students.size} students, ${state.consents.size} consents`;
  }

  size(state: PoolState): number {
    return state.students.size;
  }

  private checkSize(state: PoolState): void {
    if (state.students.size > this.config.MATCHING_POOL_MAX_STUDENTS) throw new ReadModelTooLarge();
  }
}

/** Whether two reads of a student agree on everything ranking and the ledger use. */
export function sameCandidate(a: CandidateProfile, b: CandidateProfile): boolean {
  return candidateKey(a) === candidateKey(b);
}

function candidateKey(c: CandidateProfile): string {
  return JSON.stringify([
    c.studentId,
    c.schoolId,
    c.programme,
    c.cohort,
    (c.skills ?? []).map((skill) => [skill.label, skill.escoUri]),
    c.availability ? [c.availability.from, c.availability.to] : null,
  ]);
}

function viewOf(state: PoolState): CandidatePoolView {
  return {
    *candidatesOf(schoolIds) {
      for (const schoolId of new Set(schoolIds)) yield* state.bySchool.get(schoolId)?.values() ?? [];
    },
    hasConsentInForce(enterpriseId, studentId, at) {
      const consents = state.byEnterprise.get(enterpriseId)?.get(studentId) ?? [];
      return consents.some((consent) => isConsentInForce(consent, enterpriseId, MATCHING, at));
    },
  };
}

/** One instance of each repeated value: skills and periods are shared between students, never mutated. */
function addStudent(state: PoolState, read: CandidateProfile): void {
  const { values } = state;
  const candidate: CandidateProfile = {
    studentId: read.studentId,
    schoolId: values.string(read.schoolId),
    programme: values.string(read.programme),
    cohort: values.string(read.cohort),
    skills: (read.skills ?? []).map((skill) =>
      values.shared(`skill:${JSON.stringify([skill.label, skill.escoUri])}`, () =>
        skill.escoUri === undefined ? { label: skill.label } : { label: skill.label, escoUri: skill.escoUri },
      ),
    ),
    availability:
      read.availability &&
      values.shared(`period:${read.availability.from}/${read.availability.to}`, () => ({
        from: read.availability!.from,
        to: read.availability!.to,
      })),
  };
  state.students.set(candidate.studentId, candidate);
  let ofSchool = state.bySchool.get(candidate.schoolId ?? '');
  if (!ofSchool) state.bySchool.set(candidate.schoolId ?? '', (ofSchool = new Map()));
  ofSchool.set(candidate.studentId, candidate);
}

function addConsent(state: PoolState, read: ConsentFacts): void {
  if (read.purpose !== MATCHING || read.withdrawnAt) return;
  const consent: ConsentFacts = {
    _id: read._id,
    studentId: read.studentId,
    enterpriseId: state.values.string(read.enterpriseId),
    purpose: MATCHING,
    grantedAt: read.grantedAt,
    ...(read.expiresAt ? { expiresAt: read.expiresAt } : {}),
  };
  state.consents.set(consent._id, consent);
  let ofEnterprise = state.byEnterprise.get(consent.enterpriseId);
  if (!ofEnterprise) state.byEnterprise.set(consent.enterpriseId, (ofEnterprise = new Map()));
  const ofStudent = ofEnterprise.get(consent.studentId);
  if (ofStudent) ofStudent.push(consent);
  else ofEnterprise.set(consent.studentId, [consent]);
}

/** The changed students as stored now: absent ones (erased) leave the pool. */
function replaceStudents(state: PoolState, changed: readonly string[], fresh: readonly CandidateProfile[]): void {
  for (const id of changed) {
    const held = state.students.get(id);
    if (!held) continue;
    state.students.delete(id);
    state.bySchool.get(held.schoolId ?? '')?.delete(id);
  }
  for (const candidate of fresh) addStudent(state, candidate);
}

/** The changed consents as stored now: withdrawn ones leave the pool. */
function replaceConsents(state: PoolState, changed: readonly string[], fresh: readonly ConsentFacts[]): void {
  for (const id of changed) {
    const held = state.consents.get(id);
    if (!held) continue;
    state.consents.delete(id);
    const ofEnterprise = state.byEnterprise.get(held.enterpriseId);
    const others = ofEnterprise?.get(held.studentId)?.filter((consent) => consent !== held) ?? [];
    if (others.length > 0) ofEnterprise!.set(held.studentId, others);
    else ofEnterprise?.delete(held.studentId);
  }
  for (const consent of fresh) addConsent(state, consent);
}
