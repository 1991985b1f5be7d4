import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { APP_CONFIG } from '@app/base';
import { ChangeLog } from '@app/persistence';
import { METRICS_REGISTRY } from '@app/platform';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { ConsentFacts } from '../consent/consent.document';
import { ConsentService } from '../consent/consent.service';
import { isConsentInForce } from '../consent/domain/consent-in-force';
import { CONSENTS, STUDENTS } from '../shared/collections';
import { CandidateProfilesRepository } from './candidate-profiles.repository';
import { CandidateProfile } from './domain/rank-candidates';

const ANSWERS = 'matching_answers_total';
const POOL_STUDENTS = 'matching_pool_students';

/** The only purpose the pool keeps consents for. */
const MATCHING = 'matching' as const;

interface PoolState {
  students: Map<string, CandidateProfile>;
  /** School id to the ids of its students in `students`. */
  bySchool: Map<string, Set<string>>;
  /** Not-withdrawn `matching` consents by id. */
  consents: Map<string, ConsentFacts>;
  /** Enterprise id to the ids of its consents in `consents`. */
  byEnterprise: Map<string, Set<string>>;
  /** The change-log revisions of students and consents this state includes. */
  revisions: Map<string, number>;
  loadedAt: number;
}

/** What a match reads from the pool: synchronous, so one match sees one state. */
export interface CandidatePoolView {
  candidatesOf(schoolIds: readonly string[]): Iterable<CandidateProfile>;
  /** Student id to the id of a `matching` consent to the enterprise in force at `at`. */
  consentsInForce(enterpriseId: string, at: Date): Map<string, string>;
}

class PoolTooLarge extends Error {}

/**
 * Every student's candidate profile and every `matching` consent, in memory, so a match ranks
 * without reading 10,000 students and 10,000 consents per request (ADR 0060). Before each match
 * the pool asks the change log what changed since its revisions (one read by primary key) and
 * reloads just those students and consents, so a match sees every write that completed before
 * it started, whichever replica made it. The matching service still checks the students it
 * answers with against the database before anything leaves.
 */
@Injectable()
export class CandidatePool {
  private readonly logger = new Logger(CandidatePool.name);
  private state?: PoolState;
  /** A whole reload made in the background, swapped in by the next catch-up. */
  private reloaded?: PoolState;
  private reloading = false;
  /** Until then the pool stays off: it held more students than allowed. */
  private offUntil = 0;
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private readonly answers: Counter<'source'>;

  constructor(
    private readonly changes: ChangeLog,
    private readonly candidates: CandidateProfilesRepository,
    private readonly consents: ConsentService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.answers =
      (registry.getSingleMetric(ANSWERS) as Counter<'source'> | undefined) ??
      new Counter({
        name: ANSWERS,
        help: 'Matches answered from the in-memory candidate pool (source="pool") or read from the database (source="database": pool off, or found out of date).',
        labelNames: ['source'],
        registers: [registry],
      });
    const size = () => this.state?.students.size ?? 0;
    if (!registry.getSingleMetric(POOL_STUDENTS)) {
      new Gauge({
        name: POOL_STUDENTS,
        help: 'Students in the in-memory matching pool (0 while it is not loaded or off).',
        registers: [registry],
        collect() {
          this.set(size());
        },
      });
    }
  }

  /** Counts where a match's answer came from (matching_answers_total on /metrics). */
  answered(source: 'pool' | 'database'): void {
    this.answers.inc({ source });
  }

  /**
   * The pool with every change recorded before the call, or undefined when the pool is off
   * (turned off, or more students than MATCHING_POOL_MAX_STUDENTS): then the caller reads the
   * database itself.
   */
  async current(): Promise<CandidatePoolView | undefined> {
    if (this.config.MATCHING_POOL_MAX_STUDENTS === 0 || Date.now() < this.offUntil) return undefined;
    await this.catchUp();
    const state = this.state;
    return state ? viewOf(state) : undefined;
  }

  /** Forgets the pool: the next match reloads it whole (after a check found it out of date). */
  invalidate(): void {
    this.state = undefined;
    this.reloaded = undefined;
  }

  /**
   * Each caller needs a catch-up that starts after it arrived; callers arriving while one runs
   * share the next one, so a burst of matches costs one change-log read, not one each.
   */
  private catchUp(): Promise<void> {
    if (!this.queued) {
      const next = this.chain.then(() => {
        this.queued = undefined;
        return this.catchUpOnce();
      });
      this.queued = next;
      this.chain = next.catch(() => undefined);
    }
    return this.queued;
  }

  private async catchUpOnce(): Promise<void> {
    if (this.reloaded) {
      this.state = this.reloaded;
      this.reloaded = undefined;
    }
    if (!this.state) {
      this.state = await this.loadOrTurnOff();
      return;
    }
    const state = this.state;
    if (Date.now() - state.loadedAt > this.config.MATCHING_POOL_MAX_AGE_MS) this.reloadInBackground();
    const revisions = await this.changes.revisions([STUDENTS, CONSENTS]);
    const [students, consents] = await Promise.all([
      this.changesOf(STUDENTS, state, revisions),
      this.changesOf(CONSENTS, state, revisions),
    ]);
    if (students === 'reload' || consents === 'reload') {
      this.state = await this.loadOrTurnOff();
      return;
    }
    const [freshStudents, freshConsents] = await Promise.all([
      this.candidates.findByIds(students.ids),
      this.consents.consentFacts(consents.ids),
    ]);
    try {
      replaceStudents(state, students.ids, freshStudents, this.config.MATCHING_POOL_MAX_STUDENTS);
    } catch (error) {
      if (!(error instanceof PoolTooLarge)) throw error;
      this.turnOff();
      return;
    }
    replaceConsents(state, consents.ids, freshConsents);
    state.revisions.set(STUDENTS, students.revision);
    state.revisions.set(CONSENTS, consents.revision);
  }

  private async changesOf(
    stream: string,
    state: PoolState,
    revisions: Map<string, number>,
  ): Promise<{ ids: string[]; revision: number } | 'reload'> {
    const held = state.revisions.get(stream) ?? 0;
    if (revisions.get(stream) === held) return { ids: [], revision: held };
    const changes = await this.changes.changesSince(stream, held);
    if (changes.kind === 'reload') return 'reload';
    return { ids: changes.kind === 'changed' ? changes.ids : [], revision: changes.revision };
  }

  private reloadInBackground(): void {
    if (this.reloading) return;
    this.reloading = true;
    this.loadOrTurnOff()
      .then((state) => (this.reloaded = state))
      .catch((error: Error) => this.logger.warn(`background reload of the matching pool failed: ${error.message}`))
      .finally(() => (this.reloading = false));
  }

  private async loadOrTurnOff(): Promise<PoolState | undefined> {
    try {
      return await this.load();
    } catch (error) {
      if (!(error instanceof PoolTooLarge)) throw error;
      this.turnOff();
      return undefined;
    }
  }

  /** Revisions first: a change recorded during the load is applied again by the next catch-up. */
  private async load(): Promise<PoolState> {
    const started = Date.now();
    const state: PoolState = {
      students: new Map(),
      bySchool: new Map(),
      consents: new Map(),
      byEnterprise: new Map(),
      revisions: await this.changes.revisions([STUDENTS, CONSENTS]),
      loadedAt: started,
    };
    const max = this.config.MATCHING_POOL_MAX_STUDENTS;
    await Promise.all([
      (async () => {
        for await (const candidate of this.candidates.streamAll()) {
          addStudent(state, candidate);
          if (state.students.size > max) throw new PoolTooLarge();
        }
      })(),
      (async () => {
        for await (const consent of this.consents.unwithdrawnConsents(MATCHING)) addConsent(state, consent);
      })(),
    ]);
    this.logger.log(`matching pool loaded: ${state.students.size} students, ${state.consents.size} consents in ${Date.now() - started} ms`);
    return state;
  }

  private turnOff(): void {
    this.state = undefined;
    this.reloaded = undefined;
    this.offUntil = Date.now() + this.config.MATCHING_POOL_MAX_AGE_MS;
    this.logger.warn(
      `more than ${this.config.MATCHING_POOL_MAX_STUDENTS} students (MATCHING_POOL_MAX_STUDENTS): matching reads the database per request for ${this.config.MATCHING_POOL_MAX_AGE_MS} ms`,
    );
  }
}

function viewOf(state: PoolState): CandidatePoolView {
  return {
    *candidatesOf(schoolIds) {
      for (const schoolId of new Set(schoolIds)) {
        for (const id of state.bySchool.get(schoolId) ?? []) yield state.students.get(id)!;
      }
    },
    consentsInForce(enterpriseId, at) {
      const inForce = new Map<string, string>();
      for (const id of state.byEnterprise.get(enterpriseId) ?? []) {
        const consent = state.consents.get(id)!;
        if (isConsentInForce(consent, enterpriseId, MATCHING, at)) inForce.set(consent.studentId, consent._id);
      }
      return inForce;
    },
  };
}

function addStudent(state: PoolState, candidate: CandidateProfile): void {
  state.students.set(candidate.studentId, candidate);
  const schoolId = candidate.schoolId ?? '';
  let ids = state.bySchool.get(schoolId);
  if (!ids) state.bySchool.set(schoolId, (ids = new Set()));
  ids.add(candidate.studentId);
}

function addConsent(state: PoolState, consent: ConsentFacts): void {
  if (consent.purpose !== MATCHING || consent.withdrawnAt) return;
  state.consents.set(consent._id, consent);
  let ids = state.byEnterprise.get(consent.enterpriseId);
  if (!ids) state.byEnterprise.set(consent.enterpriseId, (ids = new Set()));
  ids.add(consent._id);
}

/** The changed students as stored now: absent ones (erased) leave the pool. */
function replaceStudents(state: PoolState, changed: readonly string[], fresh: readonly CandidateProfile[], max: number): void {
  for (const id of changed) {
    const held = state.students.get(id);
    if (!held) continue;
    state.students.delete(id);
    state.bySchool.get(held.schoolId ?? '')?.delete(id);
  }
  for (const candidate of fresh) addStudent(state, candidate);
  if (state.students.size > max) throw new PoolTooLarge();
}

/** The changed consents as stored now: withdrawn ones leave the pool. */
function replaceConsents(state: PoolState, changed: readonly string[], fresh: readonly ConsentFacts[]): void {
  for (const id of changed) {
    const held = state.consents.get(id);
    if (!held) continue;
    state.consents.delete(id);
    state.byEnterprise.get(held.enterpriseId)?.delete(id);
  }
  for (const consent of fresh) addConsent(state, consent);
}
