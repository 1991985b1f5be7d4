import { Collection, Document, MongoBulkWriteError, MongoServerError, OptionalUnlessRequiredId } from 'mongodb';

const DUPLICATE_KEY = 11000;

interface Waiting<T> {
  docs: OptionalUnlessRequiredId<T>[];
  resolve: (duplicateIndexes: number[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for inserts: while one `insertMany` is on its way to the server, the documents
 * of every caller that arrives meanwhile wait and then go together in the next one. A lone
 * caller is sent at once (no added latency when the service is quiet); under concurrent load
 * each round trip, and each commit on the server, carries many callers' documents. Each caller
 * learns only its own outcome: which of its documents were duplicates of an existing `_id`,
 * or the error that concerned its documents.
 *
 * Unordered inserts: a duplicate or a failed document does not stop anyone else's.
 */
export class GroupedInserts<T extends Document> {
  private queue: Waiting<T>[] = [];
  private inFlight = false;

  constructor(
    private readonly collection: Collection<T>,
    /** Most documents sent in one command; more wait for the next. */
    private readonly maxDocs = 1000,
    /**
     * A caller with this many documents or more is a batch already: it is sent on its own at
     * once, alongside any group, so concurrent batches keep the server's cores busy instead of
     * queueing behind one another (measured: batch ingest lost a third when they queued).
     */
    private readonly directFrom = 10,
  ) {}

  /** Inserts `docs`; resolves to the indexes (into `docs`) of those whose `_id` already existed. */
  insert(docs: OptionalUnlessRequiredId<T>[]): Promise<number[]> {
    if (docs.length === 0) return Promise.resolve([]);
    if (docs.length >= this.directFrom) {
      return new Promise((resolve, reject) => void this.send([{ docs, resolve, reject }]));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ docs, resolve, reject });
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        await this.send(group);
      }
    } finally {
      this.inFlight = false;
    }
  }

  /** The callers waiting, up to `maxDocs` documents (always at least one caller). */
  private takeGroup(): Waiting<T>[] {
    let docs = 0;
    let taken = 0;
    while (taken < this.queue.length && (taken === 0 || docs + this.queue[taken].docs.length <= this.maxDocs)) {
      docs += this.queue[taken].docs.length;
      taken++;
    }
    return this.queue.splice(0, taken);
  }

  private async send(group: Waiting<T>[]): Promise<void> {
    const docs = group.flatMap((waiting) => waiting.docs);
    try {
      await this.collection.insertMany(docs, { ordered: false });
      for (const waiting of group) waiting.resolve([]);
    } catch (error) {
      settleFailedGroup(group, error);
    }
  }
}

/** Gives each caller its duplicates, or the error that hit one of its documents (or everyone's). */
function settleFailedGroup<T>(group: Waiting<T>[], error: unknown): void {
  const writeErrors = writeErrorsOf(
    error,
    group.reduce((n, waiting) => n + waiting.docs.length, 0),
  );
  if (!writeErrors) {
    for (const waiting of group) waiting.reject(error);
    return;
  }
  let start = 0;
  for (const waiting of group) {
    const end = start + waiting.docs.length;
    const own = writeErrors.filter((e) => e.index >= start && e.index < end);
    if (own.some((e) => e.code !== DUPLICATE_KEY)) waiting.reject(error);
    else waiting.resolve(own.map((e) => e.index - start));
    start = end;
  }
}

/** Per-document write errors, or undefined when the failure was not about single documents. */
function writeErrorsOf(error: unknown, docs: number): { index: number; code: number | undefined }[] | undefined {
  if (error instanceof MongoBulkWriteError) {
    if (error.writeConcernError) return undefined;
    return [error.writeErrors].flat().map((e) => ({ index: e.index, code: e.code }));
  }
  // A single-document batch may fail as a plain server error.
  if (docs === 1 && error instanceof MongoServerError && error.code === DUPLICATE_KEY) return [{ index: 0, code: DUPLICATE_KEY }];
  return undefined;
}
