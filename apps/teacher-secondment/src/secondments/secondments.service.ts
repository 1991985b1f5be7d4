import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AggregateState, DuplicateKeyError, retryOnConflict } from '@app/persistence';
import {
  APP_CONFIG,
  Clock,
  idempotentIdFor,
  keyedDocument,
  ProblemException,
  RepeatingTask,
  replayOf,
  startRepeatingTask,
} from '@app/base';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { actorOf, Principal } from '../access/principal';
import { PracticeHours, PracticePeriod, TeacherPractice } from '../shared/practice-record';
import { PostsService, SeatCount, secondmentsNotListed } from '../posts/posts.service';
import { PrivacyService } from '../privacy/privacy.service';
import { DeliverableKind } from '../shared/deliverable-kinds';
import { PracticeSignal } from '../shared/practice-signal';
import { decideOrProblem } from '../shared/problem-of';
import { RequestInProgress, TeachersService } from '../teachers/teachers.service';
import * as lifecycle from './domain/secondment-lifecycle';
import { Decision } from './domain/secondment-lifecycle';
import { isRetriedRow } from './domain/keyed-rows';
import { HostSigner, SecondmentState } from './domain/secondment-state';
import { secondmentEvent } from './secondment-events';
import { SecondmentDocument } from './secondment.document';
import { SecondmentSummary, SecondmentsRepository } from './secondments.repository';
import { isFinished, withheldFromHost, withheldFromHostOn } from './host-view';
import { SecondmentView } from './secondment.response';

const CONFLICT_RETRIES = 8;

/** A decision of the secondment's own write: the lifecycle's, or an ending's with its `releasePending` mark. */
type Write = { set: Partial<AggregateState<SecondmentDocument>>; event: Decision['event'] };

/** A retry of a row created under an Idempotency-Key: nothing to write (`change` then writes nothing). */
const NOTHING_TO_WRITE: Write = { set: {}, event: null };

/** The ending's decision, marked so that its follow-up is repaired if a crash interrupts it (ADR 0084). */
function ending(decision: Decision): Write {
  return { ...decision, set: { ...decision.set, releasePending: true } };
}

function isSecondmentView(value: unknown): value is SecondmentView {
  const v = value as SecondmentView | null;
  return typeof v === 'object' && v !== null && typeof v.teacherId === 'string' && typeof v.postId === 'string' && Array.isArray(v.logs);
}

/** The secondment views an answer carries (one view, or `{items}`), and the same answer with each replaced. */
function secondmentViewsIn(body: unknown): { views: SecondmentView[]; replaced(by: (view: SecondmentView) => SecondmentView): unknown } {
  if (isSecondmentView(body)) return { views: [body], replaced: (by) => by(body) };
  const items = (body as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return { views: [], replaced: () => body };
  return {
    views: items.filter(isSecondmentView),
    replaced: (by) => ({ ...(body as object), items: items.map((item) => (isSecondmentView(item) ? by(item) : item)) }),
  };
}

@Injectable()
export class SecondmentsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SecondmentsService.name);
  private repair?: RepeatingTask;

  constructor(
    private readonly secondments: SecondmentsRepository,
    private readonly teachers: TeachersService,
    private readonly posts: PostsService,
    private readonly practice: PracticeSignal,
    private readonly privacy: PrivacyService,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The repair (ADR 0084 and its addendum): interrupted endings finished, then seats and bookings
   * held by no secondment given back; with the compliance sweep's period, and a few seconds after start.
   */
  onModuleInit(): void {
    // A pass still running when the next is due is not doubled (each step is safe beside another, but need not run twice).
    this.repair = startRepeatingTask({
      name: 'repair of seats and bookings',
      everyMs: this.config.COMPLIANCE_SWEEP_MS,
      firstAfterMs: this.config.COMPLIANCE_SWEEP_ON_START ? 5_000 : undefined,
      run: () => this.repairHolds(),
      logger: this.logger,
    });
  }

  onApplicationShutdown(): void {
    this.repair?.stop();
  }

  /**
   * What the host enterprise (or its mentor) is answered with, given the answer (`body` is one
   * view or `{items}`): a finished secondment of a teacher who objects, or one that ended more
   * than SECONDMENT_HOST_VIEW_DAYS ago, is withheld down to its period, status and hours (ADR 0077). What is shown is recorded in the ledger: one entry per
   * teacher, under the agreement the post was offered under.
   */
  async answerHost(enterpriseId: string, body: unknown, purpose: string, correlationid?: string): Promise<unknown> {
    const found = secondmentViewsIn(body);
    const own = found.views.filter((s) => s.enterpriseId === enterpriseId);
    if (own.length === 0) return body;
    const objecting = await this.teachers.objectingToHosts([...new Set(own.filter((s) => isFinished(s.status)).map((s) => s.teacherId))]);
    const rule = { today: this.clock.today(), viewDays: this.config.SECONDMENT_HOST_VIEW_DAYS };
    const withheld = (s: SecondmentView) =>
      s.enterpriseId === enterpriseId && withheldFromHostOn(s, { ...rule, objecting: objecting.has(s.teacherId) });
    const answer = own.some(withheld) ? found.replaced((s) => (withheld(s) ? withheldFromHost(s) : s)) : body;
    const shown = secondmentViewsIn(answer).views.filter((s) => s.enterpriseId === enterpriseId);
    const agreementOf = new Map<string, string | undefined>();
    for (const postId of new Set(shown.map((s) => s.postId))) agreementOf.set(postId, (await this.posts.findById(postId))?.agreementId);
    await this.privacy.discloseToEnterprise(
      enterpriseId,
      shown.map((s) => ({
        teacherId: s.teacherId,
        schoolId: s.schoolId,
        fields: [
          'period',
          'status',
          'approvals',
          // Shown on a withheld record too: the hours the host countersigned.
          ...(s.countersignedHours > 0 ? ['countersignedHours'] : []),
          ...(s.logs.length ? ['logs'] : []),
          ...(s.evaluation ? ['evaluation'] : []),
          ...(s.deliverables.length ? ['deliverables'] : []),
        ],
        agreementId: agreementOf.get(s.postId),
      })),
      purpose,
      correlationid,
    );
    return answer;
  }

  /**
   * A teacher asks for a seat on a host post. The teacher's period and the post's seat are
   * each held by one conditional single-document write; if a later step fails, what was held
   * is given back. Under an Idempotency-Key the secondment's id is derived from the key: a retry
   * is answered with the secondment as it stands, before any rule (ADR 0093).
   */
  async request(
    principal: Principal,
    input: { teacherId: string; postId: string; period?: { start: string; end: string } },
    correlationid?: string,
    idempotencyKey?: string,
  ) {
    const keyed = keyedDocument('secondment', actorOf(principal), idempotencyKey, input);
    if (keyed) {
      const stored = await this.secondments.store.findById(keyed.id);
      if (stored) return replayOf(stored, keyed.idempotency.fingerprint, 'secondment');
    }
    if (principal.role === 'teacher' && principal.teacherId !== input.teacherId) throw new ProblemException(404, 'teacher not found');
    const teacher = await this.teachers.get(principal, input.teacherId);
    const post = await this.posts.findById(input.postId);
    if (!post || post.schoolId !== teacher.schoolId)
      throw new ProblemException(404, 'post not found', `no post ${input.postId} for this teacher's school`);
    const period = input.period ?? post.period;
    const invalid = [
      ...(period.end < period.start ? [{ field: 'period.end', message: 'must not be before period.start' }] : []),
      ...(period.start < post.period.start || period.end > post.period.end
        ? [{ field: 'period', message: `must lie within the post's ${post.period.start}..${post.period.end}` }]
        : []),
    ];
    if (invalid.length) throw new ProblemException(422, 'invalid period', 'the period does not fit the post', invalid);
    if (post.status !== 'open') throw new ProblemException(409, 'post closed', 'the post takes no more requests');
    const coverage = await this.posts.coverage(post.schoolId, post.enterpriseId, period);
    if (!coverage.covered) {
      if (coverage.reason === 'secondments-not-listed') throw secondmentsNotListed(coverage.agreements, 'postId');
      throw new ProblemException(
        422,
        'no covering agreement',
        'the cooperation agreement no longer covers this period (suspended, ended or changed)',
      );
    }

    const id = keyed?.id ?? randomUUID();
    try {
      await this.teachers.book(teacher._id, id, period);
    } catch (error) {
      // A twin under the same key holds the booking: answer what it saved, if it has by now.
      const saved = keyed && error instanceof RequestInProgress ? await this.secondments.store.findById(id) : null;
      if (!saved) throw error;
      return replayOf(saved, keyed!.idempotency.fingerprint, 'secondment');
    }
    // A seat not taken, for a full post or a failure (of the repair a full post runs), gives the booking back.
    const seated = await this.takeSeat(post._id).catch(async (error: unknown) => {
      await this.teachers.releaseBooking(teacher._id, id);
      throw error;
    });
    if (!seated) {
      await this.teachers.releaseBooking(teacher._id, id);
      throw new ProblemException(409, 'post full', `all ${post.capacity} seats of the post are taken`);
    }
    const now = new Date();
    const secondment = {
      _id: id,
      teacherId: teacher._id,
      schoolId: teacher.schoolId,
      enterpriseId: post.enterpriseId,
      postId: post._id,
      mentor: post.mentor,
      status: 'requested' as const,
      period,
      approvals: {},
      logs: [],
      deliverables: [],
      requestedBy: actorOf(principal),
      createdAt: now,
      ...(keyed ? { idempotency: { fingerprint: keyed.idempotency.fingerprint } } : {}),
    };
    try {
      await this.secondments.insert(secondment, [secondmentEvent('requested', secondment, now, correlationid)]);
    } catch (error) {
      if (keyed && error instanceof DuplicateKeyError) {
        // A twin under the same key, for another teacher, saved first (for this teacher its booking stops the twin).
        // Given back: only what this attempt took; the seat without the id's release mark, which is the twin's.
        await this.posts.returnUnsavedSeat(post._id);
        await this.teachers.releaseBooking(teacher._id, id);
        return replayOf((await this.secondments.store.findById(id))!, keyed.idempotency.fingerprint, 'secondment');
      }
      await this.posts.releaseSeat(post._id, id);
      await this.teachers.releaseBooking(teacher._id, id);
      throw error;
    }
    return (await this.secondments.store.findById(id))!;
  }

  async get(principal: Principal, id: string): Promise<SecondmentDocument> {
    const secondment = await this.secondments.store.findById(id);
    if (!secondment || !visibleTo(principal, secondment)) throw new ProblemException(404, 'secondment not found', `no secondment ${id}`);
    return secondment;
  }

  list(principal: Principal, filter: { status?: string; teacherId?: string }): Promise<SecondmentDocument[]> {
    switch (principal.role) {
      case 'operator':
        return this.secondments.find(filter);
      case 'school':
        return this.secondments.find({ ...filter, schoolId: principal.schoolId });
      case 'enterprise':
        return this.secondments.find({ ...filter, enterpriseId: principal.enterpriseId });
      case 'teacher':
        return this.secondments.find({ ...filter, teacherId: principal.teacherId });
      case 'mentor':
        return this.secondments.find({ ...filter, enterpriseId: principal.enterpriseId, postIds: principal.postIds });
    }
  }

  approve(principal: Principal, id: string, operatorParty?: lifecycle.ApprovingParty, correlationid?: string) {
    const party = principal.role === 'school' ? 'school' : principal.role === 'enterprise' ? 'enterprise' : operatorParty;
    if (!party)
      throw new ProblemException(400, 'invalid request', 'the operator names the party', [
        { field: 'party', message: 'school or enterprise' },
      ]);
    const at = new Date().toISOString();
    return this.change(principal, id, (s) => lifecycle.approve(s, party, actorOf(principal), at), correlationid);
  }

  async start(principal: Principal, id: string, correlationid?: string) {
    const started = await this.change(principal, id, (s) => lifecycle.start(s, this.clock.today()), correlationid);
    // A started period is practice under calendar-months rules, before any log is countersigned.
    await this.practiceChanged(started.teacherId);
    return started;
  }

  async complete(principal: Principal, id: string, correlationid?: string) {
    const done = await this.change(principal, id, (s) => ending(lifecycle.complete(s, this.clock.today())), correlationid);
    await this.followEnding(done);
    return done;
  }

  async cancel(principal: Principal, id: string, reason: string, correlationid?: string) {
    const cancelled = await this.change(principal, id, (s) => ending(lifecycle.cancel(s, this.clock.today(), reason)), correlationid);
    await this.followEnding(cancelled);
    return cancelled;
  }

  async withdraw(principal: Principal, id: string, reason: string, correlationid?: string) {
    const withdrawn = await this.change(principal, id, (s) => ending(lifecycle.withdraw(s, this.clock.today(), reason)), correlationid);
    await this.followEnding(withdrawn);
    return withdrawn;
  }

  /**
   * One pass of the repair: every interrupted ending finished (ADR 0084), then the seats of posts a
   * seat was taken of since their last recount recounted, and the bookings of teachers booked since
   * their last check given back when no secondment holds them (addendum 2026-12-07). Seats and
   * bookings younger than SEAT_HOLD_GRACE_MS are left alone: a request may hold them and not
   * have saved its secondment yet.
   */
  async repairHolds(): Promise<void> {
    const step = (name: string, run: () => Promise<unknown>) =>
      run().catch((error: Error) => this.logger.warn(`repair pass, ${name}: ${error.message}`));
    // Endings first: a seat an ending has not given back yet is counted as held by it (seatHolders).
    await step('interrupted endings', () => this.finishInterruptedEndings());
    await step('seat recount', () => this.recountSeats());
    await step('teacher bookings', async () => {
      const released = await this.teachers.releaseUnheldBookings((ids) => this.notHolding(ids), this.config.SEAT_HOLD_GRACE_MS);
      if (released) this.logger.warn(`gave back ${released} teacher booking(s) no secondment held`);
    });
  }

  /** Recounts the seats of the posts due (all, or only `postIds`) against their secondments (ADR 0084 addendum); true if one was corrected. */
  async recountSeats(postIds?: string[]): Promise<boolean> {
    const corrected = await this.posts.recountSeats((post) => this.seatHolders(post), this.config.SEAT_HOLD_GRACE_MS, postIds);
    for (const { postId, from, to } of corrected)
      this.logger.warn(`post ${postId}: ${from} seats counted, ${to} held by secondments; corrected`);
    return corrected.length > 0;
  }

  /**
   * Finishes every ending a crash interrupted (ADR 0084), or only those of one post: what follows
   * an ending's write is done again for each secondment still marked `releasePending`. Safe to run
   * beside the ending itself and on several replicas at once: each step is idempotent. One that
   * fails is logged and left for the next pass; the others are finished. Returns how many it finished.
   */
  async finishInterruptedEndings(postId?: string): Promise<number> {
    let finished = 0;
    for (
      let page = await this.secondments.releasePending({ postId });
      page.length;
      page = await this.secondments.releasePending({ postId }, page[page.length - 1]._id)
    ) {
      for (const secondment of page) {
        try {
          await this.finishEnding(secondment);
          finished++;
        } catch (error) {
          this.logger.warn(`ending of secondment ${secondment._id} not finished, left for the next pass: ${(error as Error).message}`);
        }
      }
    }
    if (finished) this.logger.log(`finished ${finished} secondment ending(s) a crash had interrupted${postId ? ` on post ${postId}` : ''}`);
    return finished;
  }

  /** Under an Idempotency-Key the log's id is derived from the key, so a retry logs nothing more (ADR 0093). */
  addLog(
    principal: Principal,
    id: string,
    input: { date: string; hours: number; tasks: string[]; evidence: string[] },
    idempotencyKey?: string,
  ) {
    const keyedId = idempotencyKey === undefined ? undefined : idempotentIdFor('practice-log', id, actorOf(principal), idempotencyKey);
    const log = { logId: keyedId ?? randomUUID(), ...input, loggedBy: actorOf(principal), loggedAt: new Date().toISOString() };
    const retried = (s: SecondmentState) =>
      isRetriedRow(s.logs, keyedId, {
        idOf: (row) => row.logId,
        requestOf: ({ date, hours, tasks, evidence }) => ({ date, hours, tasks, evidence }),
        request: input,
        what: 'practice log',
      });
    return this.change(principal, id, (s) => (retried(s) ? NOTHING_TO_WRITE : lifecycle.addLog(s, log, this.clock.today())));
  }

  async countersign(principal: Principal, id: string, logId: string) {
    const at = new Date().toISOString();
    const signer = hostSignerOf(principal);
    const signed = await this.change(principal, id, (s) => lifecycle.countersign(s, logId, actorOf(principal), at, signer));
    await this.practiceChanged(signed.teacherId);
    return signed;
  }

  async evaluate(principal: Principal, id: string, input: { score: number; competencies: Record<string, number>; comment?: string }) {
    const evaluation = {
      ...input,
      evaluatedBy: actorOf(principal),
      evaluator: hostSignerOf(principal),
      evaluatedAt: new Date().toISOString(),
    };
    const evaluated = await this.change(principal, id, (s) => lifecycle.evaluate(s, evaluation));
    await this.practiceChanged(evaluated.teacherId);
    return evaluated;
  }

  /** Under an Idempotency-Key the deliverable's id is derived from the key, so a retry adds nothing more (ADR 0093). */
  async addDeliverable(
    principal: Principal,
    id: string,
    input: { kind: DeliverableKind; title: string; url?: string },
    idempotencyKey?: string,
  ) {
    const keyedId = idempotencyKey === undefined ? undefined : idempotentIdFor('deliverable', id, actorOf(principal), idempotencyKey);
    const deliverable = {
      deliverableId: keyedId ?? randomUUID(),
      ...input,
      addedBy: actorOf(principal),
      addedAt: new Date().toISOString(),
    };
    const retried = (s: SecondmentState) =>
      isRetriedRow(s.deliverables, keyedId, {
        idOf: (row) => row.deliverableId,
        requestOf: ({ kind, title, url }) => ({ kind, title, url }),
        request: input,
        what: 'deliverable',
      });
    const changed = await this.change(principal, id, (s) => (retried(s) ? NOTHING_TO_WRITE : lifecycle.addDeliverable(s, deliverable)));
    await this.practiceChanged(changed.teacherId);
    return changed;
  }

  /** Everything a teacher's compliance and tier are judged on, from all their secondments. */
  async practiceOf(teacherId: string): Promise<TeacherPractice> {
    return practiceFrom(await this.secondments.find({ teacherId }, 5000));
  }

  /** Secondments of one enterprise, for its report (no tenancy check: the caller checked it). */
  findForReport(filter: { enterpriseId: string }): Promise<SecondmentSummary[]> {
    return this.secondments.summaries(filter);
  }

  /**
   * Secondments of one school, in id order, a page at a time (by primary key from the school's
   * roster), for its report to tally as they come (no tenancy check: the caller checked it).
   */
  reportPagesOfSchool(schoolId: string): Promise<AsyncIterable<SecondmentSummary[]>> {
    return this.secondments.summaryPagesOfSchool(schoolId);
  }

  /**
   * Copies the teacher's practice onto the teacher (what compliance reads) and asks for a recompute.
   * The copy is written whole, so a copy computed before another change of the teacher's practice
   * (two countersignatures at once, here or on another replica) could land after that change's copy
   * and lose it, and no sweep would put it back. So it is computed inside the teacher's versioned
   * write: the secondments are read after the teacher, and the copy is written only at the version
   * read (again on a conflict). A copy that lands last was computed after every copy before it.
   */
  private async practiceChanged(teacherId: string): Promise<void> {
    await this.teachers.recordPractice(teacherId, () => this.practiceOf(teacherId));
    this.practice.changed(teacherId);
  }

  /**
   * A seat of the post; a full post first gets back the seats of endings a crash interrupted
   * (ADR 0084) and, if its seats are due for a recount, those held by no secondment (addendum).
   */
  private async takeSeat(postId: string): Promise<boolean> {
    if (await this.posts.takeSeat(postId)) return true;
    const freed = (await this.finishInterruptedEndings(postId)) > 0;
    return ((await this.recountSeats([postId])) || freed) && this.posts.takeSeat(postId);
  }

  /**
   * The secondments of the post holding a seat (ADR 0084 addendum): the live ones, and those
   * ended whose seat is not given back yet (marked `releasePending`, not in `seatsReleasedFor` as
   * read before them), which their repair frees by their id. One source of truth with the release:
   * a seat is counted here exactly when a release keyed by its secondment would free it.
   * `unlist`: live ones listed as released (a request whose insert failed only to the caller).
   */
  private async seatHolders(post: SeatCount): Promise<{ holders: number; unlist: string[] }> {
    const released = new Set(post.seatsReleasedFor ?? []);
    let holders = 0;
    const unlist: string[] = [];
    for (const s of await this.secondments.holdsOf({ postId: post._id })) {
      if (lifecycle.HOLDING_STATUSES.includes(s.status)) {
        holders++;
        if (released.has(s._id)) unlist.push(s._id);
      } else if (s.releasePending && !released.has(s._id)) holders++;
    }
    return { holders, unlist };
  }

  /**
   * Of these secondment ids, those that hold no booking: none saved, or cancelled or withdrawn and
   * given back (no `releasePending`). A completed secondment keeps its booking (the days practised).
   */
  private async notHolding(ids: string[]): Promise<Set<string>> {
    const found = new Map((await this.secondments.holdsOf({ ids })).map((s) => [s._id, s]));
    return new Set(
      ids.filter((id) => {
        const s = found.get(id);
        return !s || ((s.status === 'cancelled' || s.status === 'withdrawn') && !s.releasePending);
      }),
    );
  }

  /**
   * The ending's follow-up, on the request: the secondment has ended (what was asked), so a failed
   * step is logged, not answered; the mark it leaves has the repair finish it (ADR 0084 addendum).
   */
  private async followEnding(s: SecondmentDocument): Promise<void> {
    try {
      await this.finishEnding(s);
    } catch (error) {
      this.logger.warn(`secondment ${s._id} ${s.status}; its follow-up failed, left to the repair: ${(error as Error).message}`);
    }
  }

  /**
   * What follows an ending's write, each step idempotent, then the `releasePending` mark cleared
   * (ADR 0084): the post's seat given back (seatsTaken counts live secondments); the teacher's
   * booking too, unless completed (the days practised must not be booked again by another
   * secondment); the practice copied if it ever started (judged on what was ended, not on an
   * earlier read: a start in between makes a cancellation practice to copy).
   */
  private async finishEnding(s: SecondmentDocument): Promise<void> {
    await this.posts.releaseSeat(s.postId, s._id);
    if (s.status !== 'completed') await this.teachers.releaseBooking(s.teacherId, s._id);
    if (s.status === 'completed' || s.startedOn) await this.practiceChanged(s.teacherId);
    await this.secondments.releaseDone(s._id);
  }

  /** Load, decide, write state and event in one versioned update; retry when someone else wrote in between. */
  private async change(principal: Principal, id: string, decide: (state: SecondmentState) => Write, correlationid?: string) {
    return retryOnConflict(
      async () => {
        const current = await this.get(principal, id);
        const decision = decideOrProblem(() => decide(current));
        if (decision === NOTHING_TO_WRITE) return current;
        const next = { ...current, ...decision.set };
        const events = decision.event ? [secondmentEvent(decision.event, next, new Date(), correlationid)] : [];
        await this.secondments.store.update(current, decision.set, events);
        return (await this.secondments.store.findById(id))!;
      },
      { attempts: CONFLICT_RETRIES },
    );
  }
}

function visibleTo(principal: Principal, s: SecondmentDocument): boolean {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'school':
      return s.schoolId === principal.schoolId;
    case 'enterprise':
      return s.enterpriseId === principal.enterpriseId;
    case 'teacher':
      return s.teacherId === principal.teacherId;
    case 'mentor':
      return s.enterpriseId === principal.enterpriseId && principal.postIds.includes(s.postId);
  }
}

/** Who signs for the host: a mentor by its own identity, else the enterprise's (or operator's) key. */
function hostSignerOf(principal: Principal): HostSigner {
  switch (principal.role) {
    case 'mentor':
      return { role: 'mentor', id: principal.mentorId, name: principal.name };
    case 'enterprise':
      return { role: 'enterprise', id: principal.enterpriseId };
    case 'operator':
      return { role: 'operator', id: 'operator' };
    default:
      throw new ProblemException(403, 'forbidden', `a ${principal.role} does not sign for the host enterprise`);
  }
}

/** Countersigned hours, the periods the teacher practised, completions, deliverables and mentor scores. */
export function practiceFrom(all: readonly SecondmentDocument[]): TeacherPractice {
  const hours: PracticeHours[] = all.flatMap((s) =>
    s.logs
      .filter((log) => log.countersignedAt)
      .map((log) => ({ date: log.date, hours: log.hours, source: 'secondment' as const, ref: s._id })),
  );
  const periods: PracticePeriod[] = all
    .filter((s) => s.startedOn && (s.status === 'active' || s.status === 'completed' || s.status === 'cancelled'))
    .map((s) => ({ start: s.period.start, end: s.endedOn && s.endedOn < s.period.end ? s.endedOn : s.period.end, ref: s._id }));
  const completed = all.filter((s) => s.status === 'completed');
  const scores = completed.flatMap((s) => (s.evaluation ? [s.evaluation.score] : []));
  return {
    hours,
    periods,
    completedSecondmentIds: completed.map((s) => s._id),
    deliverableKinds: all
      .filter((s) => s.status === 'completed' || s.status === 'active')
      .flatMap((s) => s.deliverables.map((d) => d.kind)),
    mentorScore: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
  };
}
