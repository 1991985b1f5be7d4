import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConcurrencyConflictError, DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { OutgoingEvent } from '@app/messaging';
import { assertIfMatch, ProblemException } from '@app/base';
import { AccessService } from '../access/access.service';
import { Disclosures } from '../privacy/privacy.response';
import { PrivacyService } from '../privacy/privacy.service';
import { actorOf, Principal } from '../access/principal';
import { periodsOverlap } from '../shared/period';
import { PracticeSignal } from '../shared/practice-signal';
import { TeacherPractice } from '../shared/practice-record';
import { hostObjectionChangedEvent } from './host-objection-event';
import { ComplianceSnapshot, HostObjection, RdHoursEntry, SchoolTeacher, TeacherDocument } from './teacher.document';
import { TeachersRepository } from './teachers.repository';

export interface RegisterTeacher {
  /** The id other services already know the teacher by (say, an R&D project logged hours first); a new UUID otherwise. */
  id?: string;
  schoolId?: string;
  displayName: string;
  subject: string;
  professionalCourse: boolean;
  hireDate: string;
  priorEnterpriseExperienceMonths: number;
}

/** What a teacher's profile change may set (PATCH /v1/teachers/{id}). */
export type TeacherProfile = Pick<
  TeacherDocument,
  'displayName' | 'subject' | 'professionalCourse' | 'hireDate' | 'priorEnterpriseExperienceMonths'
>;

const CONFLICT_RETRIES = 8;
/** Teachers read per page by the check of bookings (ADR 0084 addendum). */
const CHECK_PAGE = 200;

/** What one versioned write of a teacher sets and publishes; null: nothing to write. */
type Decided = { set: Partial<TeacherDocument>; events: OutgoingEvent[] } | null;

@Injectable()
export class TeachersService {
  constructor(
    private readonly teachers: TeachersRepository,
    private readonly access: AccessService,
    private readonly signal: PracticeSignal,
    private readonly privacy: PrivacyService,
  ) {}

  async register(principal: Principal, input: RegisterTeacher): Promise<TeacherDocument> {
    const schoolId = principal.role === 'school' ? principal.schoolId : input.schoolId;
    if (!schoolId)
      throw new ProblemException(400, 'invalid request', 'schoolId is required', [
        { field: 'schoolId', message: 'required for the operator' },
      ]);
    if (principal.role === 'school' && input.schoolId && input.schoolId !== principal.schoolId) {
      throw new ProblemException(403, 'forbidden', 'a school registers its own teachers');
    }
    const school = await this.access.partnerExists('school', schoolId);
    if (!school)
      throw new ProblemException(422, 'unknown school', `no school ${schoolId} in the partner registry copy`, [
        { field: 'schoolId', message: 'no such school' },
      ]);
    const teacher = {
      _id: input.id ?? randomUUID(),
      schoolId,
      jurisdiction: school.country,
      displayName: input.displayName,
      subject: input.subject,
      professionalCourse: input.professionalCourse,
      hireDate: input.hireDate,
      priorEnterpriseExperienceMonths: input.priorEnterpriseExperienceMonths,
      bookings: [],
      createdAt: new Date(),
    };
    try {
      await this.teachers.insert(teacher);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      throw new ProblemException(409, 'teacher exists', `a teacher ${teacher._id} is registered`, [
        { field: 'id', message: 'already registered' },
      ]);
    }
    // The first answer at once: it credits R&D hours that arrived before the teacher was registered.
    this.signal.changed(teacher._id);
    return (await this.teachers.store.findById(teacher._id))!;
  }

  /** The teacher if the principal may see it; another tenant's teacher is a 404. */
  async get(principal: Principal, id: string): Promise<TeacherDocument> {
    const teacher = await this.teachers.store.findById(id);
    if (!teacher || !visibleTo(principal, teacher)) throw new ProblemException(404, 'teacher not found', `no teacher ${id}`);
    return teacher;
  }

  /**
   * Changes the teacher's profile (a merge patch of the fields in TeacherProfile), then has the
   * teacher judged again: compliance, and the credential, which names the teacher. The recompute
   * runs after the answer; the periodic sweep catches one a crash left undone. 412 when `ifMatch`
   * (an If-Match header) names another version than the teacher's.
   */
  async update(principal: Principal, id: string, patch: Partial<TeacherProfile>, ifMatch?: string): Promise<TeacherDocument> {
    await this.get(principal, id);
    // With If-Match, only to the version its sender read; a conflicting write meanwhile is read again and refused (412).
    await this.withRetry(id, (current) => {
      assertIfMatch(ifMatch, current.version, 'teacher');
      return { set: patch, events: [] };
    });
    this.signal.changed(id);
    return this.get(principal, id);
  }

  /**
   * Which host enterprises received the teacher's records, when, which fields and on what basis:
   * the teacher's own right of access, without asking anyone, and the school's view of its
   * staff. Another tenant's teacher is a 404, as on `get`.
   */
  async disclosuresOf(principal: Principal, id: string): Promise<Disclosures> {
    await this.get(principal, id);
    return this.privacy.disclosuresOf(id);
  }

  /**
   * The teacher objects to host enterprises reading their finished secondments (ADR 0077): the
   * teacher themself, their school on their behalf, or an operator. Filing it again keeps the
   * first date and takes the new reason. Its state goes out on secondment.teacher-privacy.v1 in
   * the same write, so the R&D service's copy follows (its enterprise views of closed projects).
   */
  async objectToHosts(principal: Principal, id: string, reason?: string, correlationid?: string): Promise<TeacherDocument> {
    const teacher = await this.get(principal, id);
    await this.withRetry(teacher._id, (current) => {
      const now = new Date();
      const hostObjection: HostObjection = {
        since: current.hostObjection?.since ?? now.toISOString(),
        by: actorOf(principal),
        ...(reason ? { reason } : {}),
      };
      // Published on every filing, a repeat too: the same state again is harmless to a copy, and
      // it lets a service whose copy went missing (a reset consumer group) catch up on request.
      return { set: { hostObjection }, events: [hostObjectionChangedEvent(current, hostObjection, now, correlationid)] };
    });
    return (await this.teachers.store.findById(teacher._id))!;
  }

  /** Withdraws the objection: hosts read the teacher's finished secondments (and R&D rows) again. */
  async withdrawHostObjection(principal: Principal, id: string, correlationid?: string): Promise<void> {
    const teacher = await this.get(principal, id);
    if (!teacher.hostObjection) return;
    await this.withRetry(teacher._id, (current) =>
      current.hostObjection
        ? { set: { hostObjection: null }, events: [hostObjectionChangedEvent(current, null, new Date(), correlationid)] }
        : null,
    );
  }

  /** Of these ids, those of registered teachers, each with the teacher's school (one query). */
  schoolsOf(ids: string[]): Promise<Map<string, string>> {
    return this.teachers.schoolsOf(ids);
  }

  /** Of these teachers, the ones objecting to hosts reading their finished secondments. */
  objectingToHosts(ids: string[]): Promise<Set<string>> {
    return this.teachers.objectingToHosts(ids);
  }

  list(principal: Principal, schoolId?: string): Promise<TeacherDocument[]> {
    if (principal.role === 'school') return this.teachers.find({ schoolId: principal.schoolId });
    if (principal.role === 'operator') return this.teachers.find({ schoolId });
    throw new ProblemException(403, 'forbidden', 'only schools and operators list teachers');
  }

  async issueKey(principal: Principal, id: string): Promise<string> {
    const teacher = await this.get(principal, id);
    return this.access.issueTeacherKey(teacher._id, teacher.schoolId);
  }

  /** For the service's own use (compliance, credentials): no tenancy check. */
  findById(id: string): Promise<TeacherDocument | null> {
    return this.teachers.store.findById(id);
  }

  /** A page of teachers, by id, for sweeps and reports. */
  page(filter: { schoolId?: string }, afterId?: string, limit = 500): Promise<TeacherDocument[]> {
    return this.teachers.find(filter, limit, afterId);
  }

  /** Every teacher of a school, in id order, with only what compliance answers read, a page at a time (by primary key from the school's roster). */
  pagesOfSchool(schoolId: string): Promise<AsyncIterable<SchoolTeacher[]>> {
    return this.teachers.pagesOfSchool(schoolId);
  }

  /**
   * Holds `period` for a secondment unless it overlaps one the teacher already holds. The check
   * and the write are one versioned update, so two concurrent requests cannot both pass.
   */
  async book(teacherId: string, secondmentId: string, period: { start: string; end: string }): Promise<void> {
    return retryOnConflict(
      async () => {
        const teacher = (await this.teachers.store.findById(teacherId))!;
        // The same id, whatever its period: a twin of this request under the same Idempotency-Key holds it (ADR 0093).
        if (teacher.bookings.some((booking) => booking.secondmentId === secondmentId)) throw new RequestInProgress();
        const clash = teacher.bookings.find((booking) => periodsOverlap(booking, period));
        if (clash) {
          throw new ProblemException(
            409,
            'overlapping secondment',
            `the teacher already has secondment ${clash.secondmentId} from ${clash.start} to ${clash.end}`,
            [{ field: 'period', message: 'overlaps another secondment of this teacher' }],
          );
        }
        // Left for the repair pass to check: a crash before the secondment is saved leaves a booking held by none.
        await this.teachers.store.update(teacher, {
          bookings: [...teacher.bookings, { secondmentId, ...period, bookedAt: new Date() }],
          bookingsChecked: false,
        });
      },
      { attempts: CONFLICT_RETRIES },
    );
  }

  /**
   * Gives back the bookings no secondment holds (ADR 0084 addendum), of the teachers booked since
   * their last check (all, a page at a time, or only `ids`): `unheld` names, of the secondment ids
   * it is given, those that do not hold their booking (none saved, or ended and given back). A
   * booking younger than `graceMs` is left for a later pass (its request may not have saved the
   * secondment yet); one from before the dates is dated first and judged a grace later. The
   * release is one versioned write of the teacher, at the version read. Returns how many it gave back.
   */
  async releaseUnheldBookings(unheld: (secondmentIds: string[]) => Promise<Set<string>>, graceMs: number, ids?: string[]): Promise<number> {
    let released = 0;
    for (let page = await this.teachers.bookingsToCheck(undefined, CHECK_PAGE, ids); page.length;) {
      for (const teacher of page) {
        const now = new Date();
        if (teacher.bookings.some((booking) => !booking.bookedAt)) {
          await this.teachers.noteBookings(teacher, { bookings: teacher.bookings.map((booking) => ({ bookedAt: now, ...booking })) });
          continue;
        }
        const due = teacher.bookings.filter((booking) => now.getTime() - booking.bookedAt!.getTime() >= graceMs);
        const gone = due.length ? await unheld(due.map((booking) => booking.secondmentId)) : new Set<string>();
        const kept = teacher.bookings.filter((booking) => !gone.has(booking.secondmentId));
        if (gone.size === 0) {
          if (due.length === teacher.bookings.length) await this.teachers.noteBookings(teacher, { bookingsChecked: true });
          continue;
        }
        try {
          await this.teachers.store.update(teacher, {
            bookings: kept,
            ...(due.length === teacher.bookings.length ? { bookingsChecked: true } : {}),
          });
          released += gone.size;
        } catch (error) {
          // Changed meanwhile (a booking, a practice copy): the next pass reads it again.
          if (!(error instanceof ConcurrencyConflictError)) throw error;
        }
      }
      page = ids || page.length < CHECK_PAGE ? [] : await this.teachers.bookingsToCheck(page[page.length - 1]._id, CHECK_PAGE);
    }
    return released;
  }

  async releaseBooking(teacherId: string, secondmentId: string): Promise<void> {
    await this.withRetry(teacherId, (teacher) => {
      if (!teacher.bookings.some((booking) => booking.secondmentId === secondmentId)) return null;
      return { set: { bookings: teacher.bookings.filter((booking) => booking.secondmentId !== secondmentId) }, events: [] };
    });
  }

  /**
   * Copies the teacher's practice as the secondments now record it: `practiceNow` is read after
   * the teacher and written only at the version read, again on a conflict, so a copy computed
   * before a concurrent change of the practice never lands after that change's copy.
   */
  async recordPractice(teacherId: string, practiceNow: () => Promise<TeacherPractice>): Promise<void> {
    await this.withRetry(teacherId, async () => ({ set: { practice: await practiceNow() }, events: [] }));
  }

  /**
   * Adds R&D hours logged for `schoolId` once per entryId; false when the teacher is unknown, of
   * another school (hours logged under another school never count for a teacher), or the entry
   * was there already.
   */
  async recordRdHours(teacherId: string, schoolId: string, entry: RdHoursEntry): Promise<boolean> {
    return (await this.recordRdHoursEntries(teacherId, schoolId, [entry])) > 0;
  }

  /** Adds each entry whose entryId the teacher does not have yet, in one write, if the teacher is of `schoolId`; how many were added. */
  async recordRdHoursEntries(teacherId: string, schoolId: string, entries: RdHoursEntry[]): Promise<number> {
    let added = 0;
    await this.withRetry(teacherId, (teacher) => {
      if (teacher.schoolId !== schoolId) return null;
      const known = new Set((teacher.rdHours ?? []).map((entry) => entry.entryId));
      const fresh = entries.filter((entry) => !known.has(entry.entryId) && known.add(entry.entryId));
      added = fresh.length;
      return fresh.length ? { set: { rdHours: [...(teacher.rdHours ?? []), ...fresh] }, events: [] } : null;
    });
    return added;
  }

  /** Removes the R&D hours entries with these entryIds from the teacher's copy; how many were there. */
  async removeRdHoursEntries(teacherId: string, entryIds: string[]): Promise<number> {
    const ids = new Set(entryIds);
    let removed = 0;
    await this.withRetry(teacherId, (teacher) => {
      const kept = (teacher.rdHours ?? []).filter((entry) => !ids.has(entry.entryId));
      removed = (teacher.rdHours ?? []).length - kept.length;
      return removed ? { set: { rdHours: kept }, events: [] } : null;
    });
    return removed;
  }

  /** Stores the new compliance answer and, in the same write, its event (if it changed). */
  async recordCompliance(
    teacherId: string,
    decide: (teacher: TeacherDocument) => { snapshot: ComplianceSnapshot; events: OutgoingEvent[] } | null,
  ): Promise<void> {
    await this.withRetry(teacherId, (teacher) => {
      const decision = decide(teacher);
      return decision ? { set: { compliance: decision.snapshot }, events: decision.events } : null;
    });
  }

  private async withRetry(teacherId: string, change: (teacher: TeacherDocument) => Decided | Promise<Decided>): Promise<void> {
    return retryOnConflict(
      async () => {
        const teacher = await this.teachers.store.findById(teacherId);
        if (!teacher) return;
        const decided = await change(teacher);
        if (!decided) return;
        await this.teachers.store.update(teacher, decided.set, decided.events);
      },
      { attempts: CONFLICT_RETRIES },
    );
  }
}

function visibleTo(principal: Principal, teacher: TeacherDocument): boolean {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'school':
      return teacher.schoolId === principal.schoolId;
    case 'teacher':
      return teacher._id === principal.teacherId;
    case 'enterprise':
    case 'mentor':
      return false;
  }
}

/** A request under an Idempotency-Key whose twin is still being handled: the caller retries it later (ADR 0093). */
export class RequestInProgress extends ProblemException {
  constructor() {
    super(409, 'request in progress', 'a request with this Idempotency-Key is still being handled; retry it', [
      { field: 'Idempotency-Key', message: 'a request with this key is in progress' },
    ]);
  }
}
