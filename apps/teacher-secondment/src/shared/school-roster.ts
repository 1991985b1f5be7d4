import { Logger } from '@nestjs/common';
import { Collection, Db, Document, Filter } from 'mongodb';

/** One document per school: the ids of its teachers and of its secondments (ADR 0055). */
export const SCHOOL_ROSTERS = 'school_rosters';
/** One marker per part, written when the part was built from the documents stored before it existed. */
export const SCHOOL_ROSTER_BUILDS = 'school_roster_builds';

export type RosterPart = 'teachers' | 'secondments';

export interface SchoolRosterDocument {
  /** The school's id. */
  _id: string;
  teachers?: string[];
  secondments?: string[];
}

export interface RosterBuildDocument {
  _id: RosterPart;
  builtAt: Date;
  /** Documents of the part's collection read by the build. */
  documents: number;
}

/**
 * Ids per `$in` query. The stand-in serves `{ _id: { $in } }` from its `_id` index only when `_id`
 * is the query's one field (any other field, `schoolId` too, makes it a full scan), and then
 * checks each document found against the whole list again, so short lists: 40 round trips for a
 * school's 10,000 secondments.
 */
const IDS_PER_QUERY = 250;
/** Documents read by the build between two writes of the rosters. */
const BUILD_BATCH = 5000;

/**
 * The ids of a school's documents in one collection (teachers or secondments), kept beside the
 * documents so that a school's report reads them by primary key. On MongoDB the collection's
 * `schoolId` index would do the same; the local stand-in ignores every non-unique index, so
 * there `find({ schoolId })` reads every document of every school (ADR 0005, ADR 0055).
 *
 * - Written first: `add` puts the id on the roster (idempotent `$addToSet`) before the document
 *   is inserted, so a crash between the two writes leaves at most an id that resolves to
 *   nothing, never a document the roster misses.
 * - Read by `_id` alone, the school checked on each document read: an id on the wrong roster
 *   (a teacher id reused by another school's failed registration) resolves to nothing there.
 * - Built once for documents stored before rosters existed: `build` reads the collection's
 *   `_id` and `schoolId` once and marks the part built. Until the mark exists `documents`
 *   answers null and the caller queries by `schoolId` as before, so an existing database keeps
 *   giving the same answers while its rosters are built.
 */
export class SchoolRoster {
  private readonly source: Collection<{ _id: string; schoolId: string }>;
  private readonly rosters: Collection<SchoolRosterDocument>;
  private readonly builds: Collection<RosterBuildDocument>;
  private building?: Promise<unknown>;

  /** `part` is also the name of the collection whose documents the rosters list. */
  constructor(
    db: Db,
    private readonly part: RosterPart,
  ) {
    this.source = db.collection<{ _id: string; schoolId: string }>(part);
    this.rosters = db.collection<SchoolRosterDocument>(SCHOOL_ROSTERS);
    this.builds = db.collection<RosterBuildDocument>(SCHOOL_ROSTER_BUILDS);
  }

  /** Puts `id` on the school's roster; call before inserting the document. */
  async add(schoolId: string, id: string): Promise<void> {
    await this.rosters.updateOne({ _id: schoolId }, { $addToSet: { [this.part]: id } }, { upsert: true });
  }

  /**
   * The school's documents by primary key, in `_id` order, with `projection` (which must include
   * `schoolId`), a page (one `$in` query) at a time, so a caller that tallies them holds one page
   * rather than the whole school (ADR 0056); null while the part is not built yet (the caller
   * reads by `schoolId` then).
   */
  async pages<T extends { schoolId: string }>(schoolId: string, projection: Document): Promise<AsyncIterable<T[]> | null> {
    const [built, roster] = await Promise.all([
      this.builds.findOne({ _id: this.part }, { projection: { _id: 1 } }),
      this.rosters.findOne({ _id: schoolId }, { projection: { [this.part]: 1 } }),
    ]);
    if (!built) return null;
    // Sorted once here, so the chunks are consecutive ranges and their results concatenate in `_id` order.
    const ids = [...new Set(roster?.[this.part] ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const source = this.source;
    return (async function* () {
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const filter = { _id: { $in: ids.slice(i, i + IDS_PER_QUERY) } } as Filter<{ _id: string; schoolId: string }>;
        const page = (await source.find(filter, { projection }).sort({ _id: 1 }).toArray()) as T[];
        yield page.filter((doc) => doc.schoolId === schoolId);
      }
    })();
  }

  /**
   * `build` in the background at start, its outcome logged: until it is done, school reports read
   * by `schoolId`; a failure is retried at the next start. `settled` waits for it at shutdown.
   */
  buildInBackground(logger: Logger): void {
    this.building = this.build().then(
      (read) => read !== null && logger.log(`school rosters built from ${read} ${this.part}`),
      (error) => logger.error({ err: error }, `building the school rosters of ${this.part} failed; the next start retries`),
    );
  }

  async settled(): Promise<void> {
    await this.building;
  }

  /** Whether the part was built (rosters are then complete for every school). */
  async isBuilt(): Promise<boolean> {
    return (await this.builds.findOne({ _id: this.part }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Puts every stored document on its school's roster, once per database: one read of the whole
   * collection (only `_id` and `schoolId`), then the mark. Documents inserted meanwhile are on
   * their roster already (`add` comes first); running it twice, or on two replicas at once, adds
   * nothing twice. Returns the number of documents read, or null when the part was built already.
   */
  async build(): Promise<number | null> {
    if (await this.isBuilt()) return null;
    let read = 0;
    let batch = new Map<string, string[]>();
    const flush = async () => {
      if (batch.size === 0) return;
      await this.rosters.bulkWrite(
        [...batch].map(([schoolId, ids]) => ({
          updateOne: { filter: { _id: schoolId }, update: { $addToSet: { [this.part]: { $each: ids } } }, upsert: true },
        })),
        { ordered: false },
      );
      batch = new Map();
    };
    const cursor = this.source.find({}, { projection: { schoolId: 1 }, batchSize: BUILD_BATCH });
    for await (const doc of cursor) {
      read++;
      if (typeof doc.schoolId === 'string') {
        const ids = batch.get(doc.schoolId) ?? [];
        ids.push(doc._id);
        batch.set(doc.schoolId, ids);
      }
      if (read % BUILD_BATCH === 0) await flush();
    }
    await flush();
    await this.builds.updateOne({ _id: this.part }, { $setOnInsert: { builtAt: new Date(), documents: read } }, { upsert: true });
    return read;
  }
}
