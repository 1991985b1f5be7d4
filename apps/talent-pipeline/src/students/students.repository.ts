import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { ChangeLog, MONGO_DB } from '@app/persistence';
import { STUDENTS } from '../shared/collections';
import { NewestFirstPosition, OldestFirstPosition } from '../shared/newest-first-cursor';
import { ErasedHrIds } from './erased-hr-ids';
import { ERASED_STUDENT_FIELDS, StudentDocument } from './student.document';

/** Neither erased nor being erased: the students a profile change or a move may write. */
const NOT_ERASING: Filter<StudentDocument> = { erasedAt: { $exists: false }, erasureStartedAt: { $exists: false } };

/** Only a student at this version (none given: any); a student never changed has no version field yet. */
function atVersionFilter(version: number | undefined): Filter<StudentDocument> {
  if (version === undefined) return {};
  // 0 is also what a document written with an explicit 0 (a seed, a migration) holds.
  return version === 0 ? { $or: [{ version: { $exists: false } }, { version: 0 }] } : { version };
}

/** An erased student, or one whose erasure has started (`markErasing`): `isErasingOrErased` as a filter. */
const ERASED_OR_ERASING: Filter<StudentDocument> = { $or: [{ erasedAt: { $exists: true } }, { erasureStartedAt: { $exists: true } }] };

@Injectable()
export class StudentsRepository implements OnModuleInit {
  private readonly students: Collection<StudentDocument>;

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly changes: ChangeLog,
    private readonly erasedHrIds: ErasedHrIds,
  ) {
    this.students = db.collection<StudentDocument>(STUDENTS);
  }

  async onModuleInit(): Promise<void> {
    await this.students.createIndex({ 'externalIds.schemeId': 1, 'externalIds.value': 1 });
    await this.students.createIndex({ erasedIdHashes: 1 });
    await this.students.createIndex({ 'formerExternalIds.schemeId': 1, 'formerExternalIds.value': 1 }, { sparse: true });
    await this.students.createIndex({ schoolId: 1, registeredAt: -1, _id: -1 });
    await this.students.createIndex({ schoolId: 1, changedAt: 1, _id: 1 });
    // The departure branch of the feed reads `departedAt.<schoolId>`, one key per school.
    await this.students.createIndex({ 'departedAt.$**': 1 });
    await this.stampStudentsWrittenBeforeChangeStamps();
  }

  /**
   * Students written before the change feed existed, or by a replica of the previous version
   * during a rollout. Those without `changedAt` are stamped now, by the server, so they come after
   * any cursor a client holds. Those who moved without `departedAt` get their moves' times: the
   * schools they left see them once, from the feed's start.
   */
  private async stampStudentsWrittenBeforeChangeStamps(): Promise<void> {
    await this.students.updateMany({ changedAt: { $exists: false } }, { $currentDate: { changedAt: true } });
    const moved = await this.students
      .find(
        { 'schoolTransfers.0': { $exists: true }, erasedAt: { $exists: false } },
        { projection: { _id: 1, schoolTransfers: 1, departedAt: 1 } },
      )
      .toArray();
    // Per school: a move made by a replica of the previous version gives no key, whatever others the student has.
    const missing = moved.flatMap((student) =>
      [...new Map((student.schoolTransfers ?? []).map((move) => [move.fromSchoolId, move.at])).entries()]
        .filter(([school]) => student.departedAt?.[school] === undefined)
        .map(([school, at]) => ({ id: student._id, school, at })),
    );
    if (missing.length === 0) return;
    await this.students.bulkWrite(
      missing.map(({ id, school, at }) => ({
        updateOne: {
          // Not on a student erased since the read: the erasure keeps no time of a move.
          filter: { _id: id, erasedAt: { $exists: false }, [`departedAt.${school}`]: { $exists: false } },
          update: { $set: { [`departedAt.${school}`]: at } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * A page of the school's change feed, oldest first after `after`: its students (erased ones and
   * ones being erased included) at their latest change, and the students who left it at the time
   * they left, which later changes elsewhere do not move. Two queries, merged by (time, id). Only
   * entries at least `settleMs` old by the server's clock: two writes may become visible in another
   * order than their stamps by a few milliseconds, and a reader past the later one must not skip
   * the other.
   */
  async changesAtSchool(
    schoolId: string,
    page: { limit: number; after?: OldestFirstPosition; settleMs: number },
  ): Promise<{ student: StudentDocument; at: Date; left: boolean }[]> {
    // schoolId is a UUID (ParseUuidParam): safe as a field name.
    const departedAt = `departedAt.${schoolId}`;
    // One cutoff for both queries, from one reading of the server's clock: with a reading each, one
    // query could list an entry the other still held back as too new, and the cursor would pass it.
    const settledBy = new Date((await this.serverTime()).getTime() - page.settleMs);
    const entriesBy = (timeField: string, filter: Filter<StudentDocument>) =>
      this.students
        .find({
          ...filter,
          $and: [page.after ? afterPositionFilter(timeField, page.after) : {}, { [timeField]: { $lte: settledBy } }],
        })
        .sort({ [timeField]: 1, _id: 1 })
        .limit(page.limit)
        .toArray();
    const [atSchool, left] = await Promise.all([
      entriesBy('changedAt', { schoolId }),
      entriesBy(departedAt, { schoolId: { $ne: schoolId } }),
    ]);
    return [
      ...atSchool.map((student) => ({ student, at: student.changedAt!, left: false })),
      ...left.map((student) => ({ student, at: student.departedAt![schoolId], left: true })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.student._id < b.student._id ? -1 : 1))
      .slice(0, page.limit);
  }

  /** The database server's clock (`hello`, or `isMaster` where a server does not know `hello`). */
  private async serverTime(): Promise<Date> {
    const admin = this.db.admin();
    const answer = await admin.command({ hello: 1 }).catch((error: { code?: number }) => {
      if (error.code !== 59) throw error;
      return admin.command({ isMaster: 1 });
    });
    return answer.localTime as Date;
  }

  /**
   * A page of a school's students neither erased nor being erased, newest registration first;
   * `before` continues a previous page. `externalId` matches a current HR id only.
   */
  listAtSchool(
    schoolId: string,
    filter: { programme?: string; cohort?: string; externalId?: { schemeId: string; value: string } },
    page: { limit: number; before?: NewestFirstPosition },
  ): Promise<StudentDocument[]> {
    const query: Filter<StudentDocument> = { schoolId, ...NOT_ERASING };
    if (filter.programme !== undefined) query.programme = filter.programme;
    if (filter.cohort !== undefined) query.cohort = filter.cohort;
    if (filter.externalId) query.externalIds = { $elemMatch: filter.externalId };
    if (page.before) {
      query.$or = [{ registeredAt: { $lt: page.before.createdAt } }, { registeredAt: page.before.createdAt, _id: { $lt: page.before.id } }];
    }
    return this.students.find(query).sort({ registeredAt: -1, _id: -1 }).limit(page.limit).toArray();
  }

  /** Stores a new student: false, and nothing written, when a student with its id exists already (a retried registration). */
  async insert(student: StudentDocument): Promise<boolean> {
    const inserted = await this.insertOnce(student);
    if (inserted) await this.recordChanged(student._id);
    return inserted;
  }

  /** After a write: the matching and report pools of every replica reload this student (ADR 0060). */
  async recordChanged(id: string): Promise<void> {
    await this.changes.record(STUDENTS, [id]);
  }

  /** The first of `ids` a student (erased or not) has, in their order; none for none. */
  async firstExisting(ids: readonly string[]): Promise<string | undefined> {
    if (ids.length === 0) return undefined;
    const found = new Set((await this.students.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray()).map((s) => s._id));
    return ids.find((id) => found.has(id));
  }

  private async insertOnce(student: StudentDocument): Promise<boolean> {
    const { _id, ...fields } = student;
    try {
      // An upsert so the server stamps changedAt as it applies the insert (insertOne cannot). Every
      // stored student has registeredAt, so the filter matches none: an existing id is left
      // untouched (its changedAt too) and the upsert's insert fails on the key instead.
      const written = await this.students.updateOne(
        { _id, registeredAt: { $exists: false } },
        { $setOnInsert: fields, $currentDate: { changedAt: true } },
        { upsert: true },
      );
      return written.upsertedCount === 1;
    } catch (error) {
      // Two upserts of one id at once: the one that did not insert sees the other's key.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /**
   * Sets and removes profile fields of a student neither erased nor being erased, in one write
   * that counts a version: an erasure that starts after it removes what it wrote, and one that
   * started before is never undone by it. With `atVersion`, only while the student is still at
   * that version (read before); with `atSchool`, only while the student is at that school; with `replacingIds`, only while the student's HR ids are still
   * those, and the ones going are added to `formerExternalIds`. The student as it is now, or null
   * when no student matched.
   */
  async updateProfile(
    id: string,
    change: {
      set: Partial<StudentDocument>;
      unset: readonly (keyof StudentDocument)[];
      replacingIds?: HrOpenIdentifier[];
      atVersion?: number;
      atSchool?: string;
    },
  ): Promise<StudentDocument | null> {
    const { set, unset, replacingIds, atVersion, atSchool } = change;
    const removed = replacingIds?.filter((old) => !set.externalIds?.some((kept) => sameIdentifier(old, kept))) ?? [];
    const updated = await this.students.findOneAndUpdate(
      {
        _id: id,
        ...NOT_ERASING,
        ...(replacingIds ? { externalIds: replacingIds } : {}),
        ...atVersionFilter(atVersion),
        ...(atSchool !== undefined ? { schoolId: atSchool } : {}),
      },
      {
        $inc: { version: 1 },
        $currentDate: { changedAt: true },
        ...(Object.keys(set).length ? { $set: set } : {}),
        ...(unset.length ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {}),
        ...(removed.length ? { $addToSet: { formerExternalIds: { $each: removed } } } : {}),
      },
      { returnDocument: 'after' },
    );
    // After the write: the matching and report pools of every replica reload this student (ADR 0060).
    if (updated) await this.changes.record(STUDENTS, [id]);
    return updated;
  }

  /**
   * Moves a student neither erased nor being erased from `fromSchoolId` to `toSchoolId`, noting
   * the move, while the student is at `atVersion` (read before): the student as it is afterwards,
   * or null when the student changed meanwhile, is not (or no longer) at `fromSchoolId` or is
   * being erased.
   */
  async moveToSchool(
    id: string,
    move: { fromSchoolId: string; toSchoolId: string; at: Date; atVersion: number },
  ): Promise<StudentDocument | null> {
    const { fromSchoolId, toSchoolId, at, atVersion } = move;
    const moved = await this.students.findOneAndUpdate(
      { _id: id, schoolId: fromSchoolId, ...NOT_ERASING, ...atVersionFilter(atVersion) },
      {
        $set: { schoolId: toSchoolId },
        $push: { schoolTransfers: { fromSchoolId, toSchoolId, at } },
        $inc: { version: 1 },
        // The time it left is the old school's feed entry, which later changes do not move.
        $currentDate: { changedAt: true, [`departedAt.${fromSchoolId}`]: true },
      },
      { returnDocument: 'after' },
    );
    // After the write: every replica's matching and report pools file the student under the new school (ADR 0060).
    if (moved) await this.changes.record(STUDENTS, [id]);
    return moved;
  }

  /**
   * Which of `ids` another student, neither erased nor being erased, holds now: by default the
   * same scheme and value (a removed id the operator moved to the student it belonged to, say);
   * with `same`, by that comparison instead (ERP matching's, `clashes`).
   */
  async idsHeldByOthers(
    studentId: string,
    ids: readonly HrOpenIdentifier[],
    same: (wanted: HrOpenIdentifier, held: HrOpenIdentifier) => boolean = sameSchemeAndValue,
  ): Promise<HrOpenIdentifier[]> {
    if (ids.length === 0) return [];
    const others = await this.students
      .find(
        {
          _id: { $ne: studentId },
          ...NOT_ERASING,
          $or: ids.map(({ schemeId, value }) => ({ externalIds: { $elemMatch: { schemeId, value } } })),
        },
        { projection: { externalIds: 1 } },
      )
      .toArray();
    return ids.filter((id) => others.some((other) => other.externalIds.some((held) => same(id, held))));
  }

  /** A student that has not been erased. */
  findById(id: string): Promise<StudentDocument | null> {
    return this.students.findOne({ _id: id, erasedAt: { $exists: false } });
  }

  /** Which of these students are erased or being erased, in one query. */
  async erasingOrErasedAmong(ids: string[]): Promise<Set<string>> {
    const erased = await this.students.find({ _id: { $in: ids }, ...ERASED_OR_ERASING }, { projection: { _id: 1 } }).toArray();
    return new Set(erased.map((student) => student._id));
  }

  async isErasingOrErased(id: string): Promise<boolean> {
    return (await this.students.countDocuments({ _id: id, ...ERASED_OR_ERASING }, { limit: 1 })) > 0;
  }

  /** Marks the start of the student's erasure (the first start stays); the document is still returned as a student until `erase`. */
  async markErasing(id: string, at: Date): Promise<void> {
    const marked = await this.students.updateOne(
      { _id: id, erasedAt: { $exists: false }, erasureStartedAt: { $exists: false } },
      { $set: { erasureStartedAt: at }, $currentDate: { changedAt: true } },
    );
    // The matching pools of every replica drop the student now, not at the erasure's end (ADR 0060).
    if (marked.modifiedCount > 0) await this.changes.record(STUDENTS, [id]);
  }

  /**
   * Removes the student's personal fields and marks the document erased; the first erasure's
   * time and request stay if it runs again. Returns the document as it was before (null if none).
   */
  async erase(id: string, requestId: string, at: Date, hrIds: readonly HrOpenIdentifier[]): Promise<StudentDocument | null> {
    const unset = Object.fromEntries(ERASED_STUDENT_FIELDS.map((field) => [field, ''] as const)) as Record<string, ''>;
    const before = await this.students.findOne({ _id: id });
    if (!before) return before;
    if (before.erasedAt) {
      // A repeat of an erasure whose record may have failed: record again (the pools reload an unchanged student).
      await this.changes.record(STUDENTS, [id]);
      return before;
    }
    const erased = await this.students.updateOne(
      { _id: id, erasedAt: { $exists: false } },
      // The HR ids leave as keyed hashes, so a later ERP event naming the student by them is still recognised.
      {
        $unset: unset,
        $set: {
          erasedAt: at,
          erasureRequestId: requestId,
          erasedIdHashes: this.erasedHrIds.toKeep(hrIds),
        },
        // The schools the student left stay (their feeds list the erasure); the times of the moves
        // go, replaced by the erasure's own.
        $currentDate: {
          changedAt: true,
          ...Object.fromEntries(Object.keys(before.departedAt ?? {}).map((school) => [`departedAt.${school}`, true])),
        },
      },
    );
    if (erased.modifiedCount > 0) await this.changes.record(STUDENTS, [id]);
    return before;
  }

  /**
   * Students matching any of the identifiers: same scheme and value, and the same issuing
   * agency when both sides name one (two agencies may use one scheme with clashing values); the
   * platform's own student id (PLATFORM_STUDENT_SCHEME) names the student by `_id`. Erased
   * students too (by `_id`, or by the hashes they keep of their ids), so a caller can tell an
   * event about an erased student (`isErasingOrErased`). One query, whatever the ids.
   */
  async findByExternalIds(ids: HrOpenIdentifier[]): Promise<StudentDocument[]> {
    // MongoDB refuses an empty $or.
    if (ids.length === 0) return [];
    const byIdentifier = ids.map(({ schemeId, value, schemeAgencyId }) => ({
      externalIds: {
        $elemMatch: {
          schemeId,
          value,
          ...(schemeAgencyId ? { $or: [{ schemeAgencyId }, { schemeAgencyId: { $exists: false } }] } : {}),
        },
      },
    }));
    const platformIds = ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value);
    const hashes = this.erasedHrIds.toSeek(ids);
    // A student being erased by an id a profile change removed: between the erasure's sweep of
    // the ERP events and the hashes it keeps, an event naming it is still about them.
    const byFormerIdWhileErasing = ids.map(({ schemeId, value }) => ({
      formerExternalIds: { $elemMatch: { schemeId, value } },
      erasureStartedAt: { $exists: true },
    }));
    const branches: Filter<StudentDocument>[] = [
      ...byIdentifier,
      ...byFormerIdWhileErasing,
      ...(platformIds.length ? [{ _id: { $in: platformIds } }] : []),
      // An erased student by the hashes it keeps of the same ids (the same query: no round trip more).
      ...(hashes.length ? [{ erasedIdHashes: { $in: hashes } }] : []),
    ];
    return this.students.find({ $or: branches }).limit(10).toArray();
  }
}

/**
 * The changes after a feed position, compared by whole milliseconds (a BSON date's precision, and
 * the cursor's): a server that keeps its own stamps finer (the stand-in's `$currentDate` does)
 * would otherwise give the change at the cursor again.
 */
function afterPositionFilter(timeField: string, after: OldestFirstPosition): Filter<StudentDocument> {
  const nextMillisecond = new Date(after.at.getTime() + 1);
  return {
    $or: [{ [timeField]: { $gte: nextMillisecond } }, { [timeField]: { $gte: after.at, $lt: nextMillisecond }, _id: { $gt: after.id } }],
  };
}

function sameSchemeAndValue(a: HrOpenIdentifier, b: HrOpenIdentifier): boolean {
  return a.schemeId === b.schemeId && a.value === b.value;
}

/**
 * Whether an ERP event naming one id could be matched to a student holding the other
 * (findByExternalIds): same scheme and value, and no agency on either side or the same one.
 */
export function clashes(a: HrOpenIdentifier, b: HrOpenIdentifier): boolean {
  return sameSchemeAndValue(a, b) && (!a.schemeAgencyId || !b.schemeAgencyId || a.schemeAgencyId === b.schemeAgencyId);
}

function sameIdentifier(a: HrOpenIdentifier, b: HrOpenIdentifier): boolean {
  return a.schemeId === b.schemeId && a.value === b.value && a.schemeAgencyId === b.schemeAgencyId;
}
