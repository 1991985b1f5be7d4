import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HrOpenIdentifier } from '@app/contracts';
import { assertIfMatch, checkedIdempotencyKey, idempotencyKeyReused, ProblemException } from '@app/base';
import { ConcurrencyConflictError, retryOnConflict } from '@app/persistence';
import { STUDENTS } from '../shared/collections';
import { PartnersService } from '../partners/partners.service';
import { encodeOldestFirstCursor, nextCursorAfter, positionOfAfter, positionOfBefore } from '../shared/newest-first-cursor';
import { RegisterStudentDto } from './dto/register-student.dto';
import { ListSchoolStudentsQuery } from './dto/list-school-students.query';
import { ListStudentChangesQuery } from './dto/list-student-changes.query';
import { UpdateStudentDto } from './dto/update-student.dto';
import { ErasedHrIds } from './erased-hr-ids';
import { IdempotentStudentIds, registrationDigestOf } from './registration-idempotency';
import { isErasingOrErased, StudentDocument, versionOf } from './student.document';
import { StudentChangeStatus } from './student.response';
import { clashes, StudentsRepository } from './students.repository';

/** What a merge patch may change: every field but the school and what the service keeps itself. */
const PROFILE_FIELDS = ['givenName', 'familyName', 'programme', 'cohort', 'externalIds', 'skills', 'availability'] as const;

/**
 * How old a change must be, by the database server's clock, before the change feed shows it:
 * writes stamped a few milliseconds apart may become visible in the other order, and a poll that
 * passed the later one must not skip the earlier.
 */
const CHANGE_FEED_SETTLE_MS = 1_000;

/** A change feed entry: the student, its time for the school, and what it means there. */
export interface StudentChangeAtSchool {
  student: StudentDocument;
  at: Date;
  status: StudentChangeStatus;
}

/** What a feed entry means for the school: still its student, gone elsewhere (`left`), or erased. */
function changeStatusOf(student: StudentDocument, left: boolean): StudentChangeStatus {
  if (isErasingOrErased(student)) return 'erased';
  return left ? 'moved-away' : 'present';
}

function assertAvailabilityInOrder(availability: { from: string; to: string } | null | undefined): void {
  if (availability && availability.to < availability.from) {
    throw new ProblemException(400, 'invalid request', 'availability ends before it starts', [
      { field: 'availability.to', message: 'must not be before availability.from' },
    ]);
  }
}

/** Students of partner schools; the only way other features read a student. */
@Injectable()
export class StudentsService {
  constructor(
    private readonly students: StudentsRepository,
    private readonly partners: PartnersService,
    private readonly erasedHrIds: ErasedHrIds,
    private readonly idempotentIds: IdempotentStudentIds,
  ) {}

  /**
   * Registers a student. With `distinctIds` (a school registering its own), an HR id an ERP event
   * could also match to another student is refused (409): see assertIdsDistinct.
   */
  async register(
    dto: RegisterStudentDto,
    options: { distinctIds?: boolean; idempotency?: { scope: string; key: string | undefined } } = {},
  ): Promise<{ student: StudentDocument; replayed: boolean }> {
    const key = checkedIdempotencyKey(options.idempotency?.key);
    if (!(await this.partners.findSchool(dto.schoolId))) {
      throw new ProblemException(400, 'invalid request', 'unknown school', [{ field: 'schoolId', message: 'no such school' }]);
    }
    assertAvailabilityInOrder(dto.availability);
    const digest = key === undefined ? undefined : registrationDigestOf(dto);
    const candidates = key === undefined || !options.idempotency ? [] : this.idempotentIds.candidates(options.idempotency.scope, key);
    // A retry answers before any check: its HR ids may be another student's by now.
    const before = await this.students.firstExisting(candidates);
    if (before) return { student: await this.registeredBefore(before, dto.schoolId, digest), replayed: true };
    const student: StudentDocument = {
      _id: candidates[0] ?? randomUUID(),
      ...dto,
      externalIds: dto.externalIds ?? [],
      registeredAt: new Date(),
      ...(digest ? { registrationDigest: digest } : {}),
    };
    if (options.distinctIds) await this.assertIdsDistinct(student._id, student.externalIds);
    if (await this.students.insert(student)) return { student, replayed: false };
    // Only an id derived from a key can exist already: a twin sent at once stored it first.
    if (!digest) throw new Error(`a new student's random id ${student._id} exists already`);
    return { student: await this.registeredBefore(student._id, dto.schoolId, digest), replayed: true };
  }

  /**
   * The student a registration with this Idempotency-Key stored before (a retry, or a twin sent at
   * once): 422 when the key came with another request, 409 when that student is no longer the
   * registering school's to read (erased, being erased, or moved to another school). The change is
   * recorded again: the first attempt may have failed between its write and its record.
   */
  private async registeredBefore(id: string, schoolId: string, digest: string | undefined): Promise<StudentDocument> {
    const stored = await this.students.findById(id);
    if (stored && !isErasingOrErased(stored) && stored.registrationDigest !== digest) throw idempotencyKeyReused('student');
    if (!stored || isErasingOrErased(stored) || stored.schoolId !== schoolId) {
      throw new ProblemException(
        409,
        'student gone',
        'the student registered with this Idempotency-Key was erased or moved to another school',
        [{ field: 'Idempotency-Key', message: 'its student was erased or moved to another school' }],
      );
    }
    await this.students.recordChanged(id);
    return stored;
  }

  /**
   * 409 naming each of `ids` that another student holds as ERP matching compares them (same
   * scheme and value, agencies not telling them apart). Schools' own numbering overlaps (two
   * schools' student number R-777): such an id would have ERP events about one student held as
   * ambiguous, and an erasure of one sweep the other's events. The school sets `schemeAgencyId`
   * (its own code) to tell them apart. A read before the write, not a lock (ADR 0090).
   */
  private async assertIdsDistinct(studentId: string, ids: readonly HrOpenIdentifier[]): Promise<void> {
    const held = await this.students.idsHeldByOthers(studentId, ids, clashes);
    if (held.length === 0) return;
    throw new ProblemException(
      409,
      'HR id held by another student',
      'another student holds an HR id with this scheme and value; set schemeAgencyId (your school’s own code) to tell them apart',
      ids.flatMap((id, index) =>
        held.includes(id) ? [{ field: `externalIds.${index}`, message: 'another student holds this id (same schemeId and value)' }] : [],
      ),
    );
  }

  /**
   * Applies a merge patch to the student's profile (see UpdateStudentDto): the student as it is
   * afterwards. 404 for an unknown student, one erased or being erased, or, with `atSchool`, one
   * at another school; 412 when `ifMatch` (an If-Match header) names another version than the
   * student's.
   */
  async update(id: string, patch: UpdateStudentDto, ifMatch?: string, atSchool?: string): Promise<StudentDocument> {
    assertAvailabilityInOrder(patch.availability);
    const set: Partial<StudentDocument> = {};
    const unset: (keyof StudentDocument)[] = [];
    for (const field of PROFILE_FIELDS) {
      const value = patch[field];
      if (value === undefined) continue;
      if (value === null && field === 'externalIds') set.externalIds = [];
      else if (value === null) unset.push(field);
      else Object.assign(set, { [field]: value });
    }
    // A school's change (atSchool) keeps its students' HR ids apart from everyone else's, as its registration does.
    if (atSchool !== undefined && set.externalIds?.length) await this.assertIdsDistinct(id, set.externalIds);
    if (set.externalIds === undefined && ifMatch === undefined) {
      return this.found(await this.students.updateProfile(id, { set, unset, atSchool }));
    }
    // New HR ids (the ones going are kept for the erasure) or a version the sender read: the
    // write applies only to the student as read.
    return this.againOnConflict(async () => {
      const before = await this.found(await this.students.findById(id), atSchool);
      assertIfMatch(ifMatch, versionOf(before), 'student');
      const replacingIds = set.externalIds === undefined ? undefined : before.externalIds;
      const after = await this.students.updateProfile(id, { set, unset, replacingIds, atVersion: versionOf(before), atSchool });
      if (!after && !isErasingOrErased(before)) throw new ConcurrencyConflictError(STUDENTS, id, 0);
      return this.found(after);
    });
  }

  /**
   * Moves the student to another school; `mayLeave` runs first, on the student as read (it
   * throws to refuse). Answers the student at the new school; a repeat once there changes nothing
   * (whatever `ifMatch` says: the move the sender asked for is done). 400 for an unknown school,
   * 404 for an unknown student or one erased or being erased, 412 when `ifMatch` (an If-Match
   * header) names another version than the student's.
   */
  async transferSchool(
    id: string,
    toSchoolId: string,
    mayLeave: (student: StudentDocument) => Promise<void>,
    ifMatch?: string,
  ): Promise<StudentDocument> {
    if (!(await this.partners.findSchool(toSchoolId))) {
      throw new ProblemException(400, 'invalid request', 'unknown school', [{ field: 'schoolId', message: 'no such school' }]);
    }
    return this.againOnConflict(async () => {
      const student = await this.found(await this.students.findById(id));
      if (student.schoolId === toSchoolId) return student;
      assertIfMatch(ifMatch, versionOf(student), 'student');
      await mayLeave(student);
      const moved = await this.students.moveToSchool(id, {
        fromSchoolId: student.schoolId,
        toSchoolId,
        at: new Date(),
        atVersion: versionOf(student),
      });
      // Moved by someone else meanwhile, or its erasure started: read it again.
      if (!moved) throw new ConcurrencyConflictError(STUDENTS, id, 0);
      return moved;
    });
  }

  /** A student neither erased nor being erased (and, with `atSchool`, at that school), or 404. */
  private async found(student: StudentDocument | null, atSchool?: string): Promise<StudentDocument> {
    if (!student || isErasingOrErased(student)) throw new ProblemException(404, 'student not found');
    if (atSchool !== undefined && student.schoolId !== atSchool) throw new ProblemException(404, 'student not found');
    return student;
  }

  /** A write conditional on what it read, tried again when the student changed in between; 409 when it keeps changing. */
  private async againOnConflict(write: () => Promise<StudentDocument>): Promise<StudentDocument> {
    try {
      return await retryOnConflict(write);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
      throw new ProblemException(409, 'concurrent change', 'the student changed at the same time; read it and try again');
    }
  }

  async get(id: string): Promise<StudentDocument> {
    const student = await this.students.findById(id);
    if (!student) throw new ProblemException(404, 'student not found');
    return student;
  }

  /** One of the school's own students; 404 as for an unknown id when the student is at another school, erased or being erased. */
  async getAtSchool(schoolId: string, id: string): Promise<StudentDocument> {
    return this.found(await this.students.findById(id), schoolId);
  }

  /** A newest-first page of the school's own students and the cursor of the next one (none after the last page). */
  async listAtSchool(schoolId: string, query: ListSchoolStudentsQuery): Promise<{ items: StudentDocument[]; nextCursor?: string }> {
    const { before, limit, programme, cohort, schemeId, externalId } = query;
    const filter = { programme, cohort, externalId: schemeId && externalId ? { schemeId, value: externalId } : undefined };
    const items = await this.students.listAtSchool(schoolId, filter, { limit, before: positionOfBefore(before) });
    return { items, nextCursor: nextCursorAfter(items, limit, (student) => ({ createdAt: student.registeredAt, id: student._id })) };
  }

  findById(id: string): Promise<StudentDocument | null> {
    return this.students.findById(id);
  }

  /**
   * The school's change feed after `after`, oldest first: each of its students at their latest
   * change, and each student who left it at the time they left, with what it means for the school
   * (StudentChangeStatus). A student of the school changed again comes again, later. `nextCursor`
   * is where the next poll starts.
   */
  async changesAtSchool(
    schoolId: string,
    query: ListStudentChangesQuery,
  ): Promise<{ changes: StudentChangeAtSchool[]; nextCursor?: string; more: boolean }> {
    const { after, limit } = query;
    const entries = await this.students.changesAtSchool(schoolId, {
      limit,
      after: positionOfAfter(after),
      settleMs: CHANGE_FEED_SETTLE_MS,
    });
    const last = entries.at(-1);
    return {
      changes: entries.map(({ student, at, left }) => ({ student, at, status: changeStatusOf(student, left) })),
      nextCursor: last ? encodeOldestFirstCursor({ at: last.at, id: last.student._id }) : after,
      more: entries.length === limit,
    };
  }

  /**
   * A student's erasure: names, external ids, skills and availability are removed; the
   * document keeps its id, school, programme, cohort and registration time for aggregate
   * reports, and is no longer returned as a student. `hrIds` (idsToEraseOf, read after the
   * erasure started) stay as keyed hashes. Returns the student as it was before the first erasure
   * (null if unknown), so callers can find copies of its identifiers elsewhere.
   */
  erase(id: string, requestId: string, at: Date, hrIds: readonly HrOpenIdentifier[]): Promise<StudentDocument | null> {
    return this.students.erase(id, requestId, at, hrIds);
  }

  /**
   * The HR ids an erasure of the student seeks in stored ERP events and keeps as hashes: the
   * current ones and the ones a profile change removed, except removed ones another student holds
   * now (events naming them may be that student's, and a hash of them would claim their events).
   */
  async idsToEraseOf(student: StudentDocument): Promise<HrOpenIdentifier[]> {
    const former = student.formerExternalIds ?? [];
    const taken = await this.students.idsHeldByOthers(student._id, former);
    return [...student.externalIds, ...former.filter((id) => !taken.includes(id))];
  }

  /**
   * The students among `ids` that are erased (their id is a bare pseudonym now) or whose erasure
   * has started: nothing new about them may leave the service or be kept.
   */
  erasingOrErasedAmong(ids: string[]): Promise<Set<string>> {
    return this.students.erasingOrErasedAmong(ids);
  }

  /**
   * Marks the start of the student's erasure, before the erasure sweeps their copies: work that
   * read the student as not erased just before checks again after its write and undoes it.
   */
  markErasing(id: string, at = new Date()): Promise<void> {
    return this.students.markErasing(id, at);
  }

  isErasingOrErased(id: string): Promise<boolean> {
    return this.students.isErasingOrErased(id);
  }

  /**
   * How many id hashes the erasure keeps (or kept) of `before`, the student as `erase` returned
   * it, given the `hrIds` it was handed: none without SECRETS_ENCRYPTION_KEY or without HR ids.
   * Its confirmation says so.
   */
  erasedIdHashesOf(before: StudentDocument | null, hrIds: readonly HrOpenIdentifier[]): number {
    if (!before) return 0;
    return before.erasedAt ? (before.erasedIdHashes?.length ?? 0) : this.erasedHrIds.toKeep(hrIds).length;
  }

  /** Students an ERP's HR Open identifiers point at (see StudentsRepository.findByExternalIds). */
  findByExternalIds(ids: HrOpenIdentifier[]): Promise<StudentDocument[]> {
    return this.students.findByExternalIds(ids);
  }
}
