import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { OutgoingEvent } from '@app/messaging';
import { ChangeLog, MONGO_DB, OutboxSignal, WITHOUT_OUTBOX_BOOKKEEPING } from '@app/persistence';
import { CONSENTS } from '../shared/collections';
import { ConsentDocument, ConsentFacts } from './consent.document';
import { ConsentPurpose } from './domain/consent-purpose';

const FACTS = { _id: 1, studentId: 1, enterpriseId: 1, purpose: 1, grantedAt: 1, expiresAt: 1, withdrawnAt: 1 } as const;

/** Fields every read returns: the outbox bookkeeping stays inside the repository. */
const WITHOUT_OUTBOX = { projection: WITHOUT_OUTBOX_BOOKKEEPING };

@Injectable()
export class ConsentsRepository implements OnModuleInit {
  private readonly consents: Collection<ConsentDocument>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly signal: OutboxSignal,
    private readonly changes: ChangeLog,
  ) {
    this.consents = db.collection<ConsentDocument>(CONSENTS);
  }

  async onModuleInit(): Promise<void> {
    await this.consents.createIndex({ studentId: 1, grantedAt: 1 });
    await this.consents.createIndex({ enterpriseId: 1, purpose: 1 });
  }

  /** Inserts the consent with its `privacy.consent.changed.v1` in the same document (outbox). */
  async insert(consent: ConsentDocument, event: OutgoingEvent): Promise<void> {
    await this.consents.insertOne({ ...consent, outbox: [event], ...this.signal.pendingMark() });
    this.signal.notify(CONSENTS, [consent._id]);
    // After the write: the matching pools of every replica reload this consent (ADR 0060).
    await this.changes.record(CONSENTS, [consent._id]);
  }

  findForStudent(studentId: string): Promise<ConsentDocument[]> {
    return this.consents.find({ studentId }, WITHOUT_OUTBOX).sort({ grantedAt: 1 }).limit(1000).toArray();
  }

  findOne(studentId: string, consentId: string): Promise<ConsentDocument | null> {
    return this.consents.findOne({ _id: consentId, studentId }, WITHOUT_OUTBOX);
  }

  /** The not-withdrawn consents of these students to the enterprise for any of the purposes (one query). */
  findUnwithdrawnOf(studentIds: string[], enterpriseId: string, purposes: readonly ConsentPurpose[]): Promise<ConsentDocument[]> {
    if (studentIds.length === 0) return Promise.resolve([]);
    return this.consents
      .find(
        { studentId: { $in: studentIds }, enterpriseId, purpose: { $in: [...purposes] }, withdrawnAt: { $exists: false } },
        WITHOUT_OUTBOX,
      )
      .toArray();
  }

  /**
   * Withdraws every not-yet-withdrawn consent of the student to this enterprise for this
   * purpose: a withdrawal means "stop", even if the consent was granted twice. Each one is
   * withdrawn in its own conditional write together with its `privacy.consent.changed.v1`
   * (state after the change), so no copy misses a withdrawal and none is announced twice.
   * Already withdrawn ones keep their first withdrawal time.
   */
  async markWithdrawn(
    consent: Pick<ConsentDocument, 'studentId' | 'enterpriseId' | 'purpose'>,
    withdrawnAt: Date,
    recordedBy: string,
    eventFor: (withdrawn: ConsentDocument) => OutgoingEvent,
  ): Promise<number> {
    const { studentId, enterpriseId, purpose } = consent;
    const open = await this.consents.find({ studentId, enterpriseId, purpose, withdrawnAt: { $exists: false } }, WITHOUT_OUTBOX).toArray();
    const withdrawn: string[] = [];
    for (const current of open) {
      const event = eventFor({ ...current, withdrawnAt, withdrawalRecordedBy: recordedBy });
      const result = await this.consents.updateOne(
        { _id: current._id, withdrawnAt: { $exists: false } },
        { $set: { withdrawnAt, withdrawalRecordedBy: recordedBy, ...this.signal.pendingMark() }, $push: { outbox: event } },
      );
      if (result.modifiedCount > 0) withdrawn.push(current._id);
    }
    if (withdrawn.length > 0) this.signal.notify(CONSENTS, withdrawn);
    await this.changes.record(CONSENTS, withdrawn);
    return withdrawn.length;
  }

  /**
   * A student's erasure: every consent is withdrawn (if it was not) and marked erased, with the
   * tombstone `eventFor` builds queued in the same write, after the consent's earlier events, so
   * the tombstone is the last record of its key on the topic. The consents stay as proof of what
   * was allowed when (GDPR Art. 7(1)); their student id is a pseudonym from then on. A repeat
   * queues nothing new. Returns the ids of all the student's consents.
   */
  async markErased(
    studentId: string,
    erasedAt: Date,
    recordedBy: string,
    eventFor: (consentId: string) => OutgoingEvent,
  ): Promise<string[]> {
    const consents = await this.consents.find({ studentId }, { projection: { _id: 1, withdrawnAt: 1, erasedAt: 1 } }).toArray();
    const queued: string[] = [];
    for (const consent of consents) {
      if (consent.erasedAt) continue;
      const withdrawal = consent.withdrawnAt ? {} : { withdrawnAt: erasedAt, withdrawalRecordedBy: recordedBy };
      const result = await this.consents.updateOne(
        { _id: consent._id, erasedAt: { $exists: false } },
        { $set: { ...withdrawal, erasedAt, ...this.signal.pendingMark() }, $push: { outbox: eventFor(consent._id) } },
      );
      if (result.modifiedCount > 0) queued.push(consent._id);
    }
    if (queued.length > 0) this.signal.notify(CONSENTS, queued);
    await this.changes.record(CONSENTS, queued);
    return consents.map((c) => c._id);
  }

  /**
   * Every not-withdrawn consent to the enterprise for the purpose (one query on the
   * `{enterpriseId, purpose}` index), only the fields the in-force check needs. Matching
   * intersects it with the available students in memory rather than sending their ids as one
   * large `$in` (mongo-java-server checks `$in` against the whole list for every document:
   * ~6 s for 10,000 students, against ~0.4 s this way; see docs/benchmarks.md). A cursor in
   * batches of 1,000: the caller keeps what it needs of each consent, not the documents.
   */
  findUnwithdrawnFor(enterpriseId: string, purpose: ConsentPurpose): AsyncIterable<ConsentFacts> {
    return this.consents.find({ enterpriseId, purpose, withdrawnAt: { $exists: false } }, { projection: FACTS, batchSize: 1_000 });
  }

  /** Every not-withdrawn consent for the purpose, to any enterprise: a read model's full load (one scan). */
  findUnwithdrawnForPurpose(purpose: ConsentPurpose): AsyncIterable<ConsentFacts> {
    return this.consents.find({ purpose, withdrawnAt: { $exists: false } }, { projection: FACTS, batchSize: 1_000 });
  }

  /** These consents as stored now (by primary key); an id that was never stored finds nothing. */
  findFactsByIds(ids: readonly string[]): Promise<ConsentFacts[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.consents.find({ _id: { $in: [...ids] } }, { projection: FACTS }).toArray();
  }
}
