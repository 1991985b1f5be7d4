import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { CloudEvent } from '@app/contracts';
import { captureTraceContext, TraceCarrier } from '@app/messaging';
import { MONGO_DB } from '@app/persistence';
import { NewestFirstPosition } from '../shared/newest-first-cursor';
import { HeldDelivery } from './named-deliveries';
import { DeliveryAttempt, DeliveryStatus, WebhookDeliveryDocument } from './webhook-delivery.document';

export type AttemptOutcome = { status: 'pending'; nextAttemptAt: Date } | { status: 'delivered' | 'failed' | 'cancelled' };

/** One attempt to record, under the claim (`leaseToken`) it was made with. */
export interface AttemptRecord {
  id: string;
  attempt: DeliveryAttempt;
  outcome: AttemptOutcome;
  leaseToken?: string;
}

/** A delivery to create: the event for the subscription, in the trace of the work that caused it. */
export interface NewDelivery {
  subscriptionId: string;
  schoolId: string;
  event: CloudEvent;
  replayId?: string;
  traceContext?: TraceCarrier;
}

/** A hold for the creating process's own worker: nobody else claims the delivery before `until`. */
interface Hold {
  leaseToken: string;
  until: Date;
}

/**
 * Idempotent creation: the id names the subscription and the event (and the replay, if any).
 * Held, the delivery is due only when the hold runs out (a search skips it until then).
 */
function newDelivery({ subscriptionId, schoolId, event, replayId, traceContext }: NewDelivery, now: Date, hold?: Hold) {
  const _id = replayId ? `${subscriptionId}|${event.id}|replay:${replayId}` : `${subscriptionId}|${event.id}`;
  const fields: Omit<WebhookDeliveryDocument, '_id'> = {
    subscriptionId,
    schoolId,
    event,
    ...(replayId ? { replayId } : {}),
    status: 'pending',
    attempts: [],
    nextAttemptAt: hold?.until ?? now,
    ...(hold ? { leaseToken: hold.leaseToken } : {}),
    createdAt: now,
    ...(traceContext ? { traceContext } : {}),
  };
  return { _id, fields, filter: { _id }, update: { $setOnInsert: fields } };
}

@Injectable()
export class WebhookDeliveriesRepository implements OnModuleInit {
  private readonly deliveries: Collection<WebhookDeliveryDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.deliveries = db.collection<WebhookDeliveryDocument>('webhook_deliveries');
  }

  async onModuleInit(): Promise<void> {
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, createdAt: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, status: 1, createdAt: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ 'event.data.studentId': 1 });
  }

  /**
   * Idempotent: a redelivered outcome event does not create a second delivery. A replay gets
   * its own delivery (its id carries the replay id), so an event already delivered is sent
   * again, once per replay. Returns whether a delivery was created.
   */
  async enqueue(subscriptionId: string, schoolId: string, event: CloudEvent, replayId?: string): Promise<boolean> {
    const { filter, update } = newDelivery({ subscriptionId, schoolId, event, replayId, traceContext: captureTraceContext() }, new Date());
    const result = await this.deliveries.updateOne(filter, update, { upsert: true });
    return result.upsertedCount > 0;
  }

  /** `enqueue` for many deliveries in one round trip; returns how many it created (not the duplicates). */
  async enqueueEach(deliveries: NewDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const now = new Date();
    return (await this.upsertAll(deliveries.map((delivery) => newDelivery(delivery, now)))).length;
  }

  /**
   * `enqueueEach`, the new deliveries held for `holdMs` under one fresh lease token, in the same
   * round trip: the creating process's worker sends them from the documents returned, without
   * claiming them; any worker's search takes them over once the hold runs out (after a crash).
   */
  async enqueueHeld(deliveries: NewDelivery[], holdMs: number): Promise<HeldDelivery[]> {
    if (deliveries.length === 0) return [];
    const now = new Date();
    const hold = { leaseToken: randomUUID(), until: new Date(now.getTime() + holdMs) };
    const writes = deliveries.map((delivery) => newDelivery(delivery, now, hold));
    return (await this.upsertAll(writes)).map(({ _id, fields }) => ({ _id, ...fields, leaseToken: hold.leaseToken }));
  }

  /** Inserts the deliveries that do not exist yet; returns those it inserted. */
  private async upsertAll<W extends ReturnType<typeof newDelivery>>(writes: W[]): Promise<W[]> {
    const result = await this.deliveries.bulkWrite(
      writes.map(({ filter, update }) => ({ updateOne: { filter, update, upsert: true } })),
      { ordered: false },
    );
    return Object.keys(result.upsertedIds).map((index) => writes[Number(index)]);
  }

  /**
   * Of the held deliveries, those whose hold is still theirs and that are still pending (not
   * cancelled since, e.g. by an erasure): one round trip, no write.
   */
  async stillHeld(held: readonly HeldDelivery[]): Promise<Set<string>> {
    if (held.length === 0) return new Set();
    const docs = await this.deliveries
      .find(
        { _id: { $in: held.map((d) => d._id) }, leaseToken: { $in: [...new Set(held.map((d) => d.leaseToken))] }, status: 'pending' },
        { projection: { _id: 1 } },
      )
      .toArray();
    return new Set(docs.map((doc) => doc._id));
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs` (another worker skips them meanwhile),
   * fairly: live deliveries first, replays with what is left, and within each kind the slots
   * are shared among the subscriptions that have due work, so one school's backlog (a large
   * replay, a burst) cannot hold up another school's deliveries.
   */
  async claimDue(limit: number, leaseMs: number, now = new Date()): Promise<WebhookDeliveryDocument[]> {
    const claimed: WebhookDeliveryDocument[] = [];
    for (const replays of [false, true]) {
      const left = limit - claimed.length;
      if (left <= 0) break;
      const due: Filter<WebhookDeliveryDocument> = { status: 'pending', nextAttemptAt: { $lte: now }, replayId: { $exists: replays } };
      const subscriptions = shuffled(await this.deliveries.distinct('subscriptionId', due)).slice(0, left);
      const share = Math.ceil(left / Math.max(subscriptions.length, 1));
      for (const subscriptionId of subscriptions) {
        const ids = await this.deliveries
          .find({ ...due, subscriptionId }, { projection: { _id: 1 } })
          .sort({ nextAttemptAt: 1 })
          .limit(Math.min(share, limit - claimed.length))
          .toArray();
        claimed.push(
          ...(await this.claim(
            ids.map((doc) => doc._id),
            leaseMs,
            now,
          )),
        );
        if (claimed.length >= limit) break;
      }
    }
    return claimed;
  }

  /** Claims those of `ids` still due for `leaseMs`, by `_id` (no search): see `claim`. */
  claimIds(ids: string[], leaseMs: number, now = new Date()): Promise<WebhookDeliveryDocument[]> {
    return this.claim(ids, leaseMs, now);
  }

  /**
   * Claims those of `ids` still due, in two round trips whatever their number: one lease token
   * for the claim, set only where the delivery is still pending and due (a concurrent worker's
   * claim wins), then the claimed deliveries read back by that token, in the order given.
   */
  private async claim(ids: string[], leaseMs: number, now: Date): Promise<WebhookDeliveryDocument[]> {
    if (ids.length === 0) return [];
    const leaseToken = randomUUID();
    await this.deliveries.updateMany(
      { _id: { $in: ids }, status: 'pending', nextAttemptAt: { $lte: now } },
      { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs), leaseToken } },
    );
    const docs = await this.deliveries.find({ _id: { $in: ids }, leaseToken }).toArray();
    const position = new Map(ids.map((id, i) => [id, i]));
    return docs.sort((a, b) => position.get(a._id)! - position.get(b._id)!);
  }

  /** Whether the subscription has a replay other than `replayId` still being delivered. */
  async hasPendingReplay(subscriptionId: string, exceptReplayId?: string): Promise<boolean> {
    const replayId = exceptReplayId ? { $exists: true, $ne: exceptReplayId } : { $exists: true };
    return (await this.deliveries.findOne({ subscriptionId, status: 'pending', replayId }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * Records an attempt, only while `leaseToken` is still the delivery's current claim: a worker
   * that stalled past its lease (another worker has claimed the delivery since) records
   * nothing. Returns whether it was recorded.
   */
  async recordAttempt(id: string, attempt: DeliveryAttempt, outcome: AttemptOutcome, leaseToken?: string): Promise<boolean> {
    return (await this.recordAttempts([{ id, attempt, outcome, leaseToken }])) === 1;
  }

  /**
   * Records the attempts of one batch in one round trip, each on the same condition as
   * `recordAttempt` (its claim still current). A delivery cancelled while its attempt was in flight
   * (the student's erasure, the subscription disabled or gone) gets the attempt recorded (the
   * request went out) but stays cancelled: an outcome that would retry it must not bring it back.
   * Returns how many were recorded.
   */
  async recordAttempts(records: AttemptRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const recorded = await this.deliveries.bulkWrite(
      records.map(({ id, attempt, outcome, leaseToken }) => ({
        updateOne: {
          filter: { _id: id, ...(leaseToken ? { leaseToken } : {}), status: 'pending' as const },
          update: {
            $push: { attempts: attempt },
            $set: { ...outcome, ...(outcome.status === 'pending' ? {} : { finishedAt: attempt.at }) },
            $unset: { leaseToken: '' },
          },
        },
      })),
      { ordered: false },
    );
    if (recorded.matchedCount === records.length) return recorded.matchedCount;
    // Some claims were lost or their deliveries cancelled meanwhile (rare: a second round trip only then). A cancelled
    // one still gets the attempt that went out; the claim's token, unset by the write above, keeps this from adding it twice.
    const claimed = records.filter((record) => record.leaseToken !== undefined);
    if (claimed.length === 0) return recorded.matchedCount;
    const cancelled = await this.deliveries.bulkWrite(
      claimed.map(({ id, attempt, leaseToken }) => ({
        updateOne: {
          filter: { _id: id, leaseToken, status: 'cancelled' as const },
          update: { $push: { attempts: attempt }, $unset: { leaseToken: '' } },
        },
      })),
      { ordered: false },
    );
    return recorded.matchedCount + cancelled.matchedCount;
  }

  /** Whether `leaseToken` is still the delivery's current claim (checked again just before sending). */
  async stillClaimed(id: string, leaseToken: string): Promise<boolean> {
    return (await this.deliveries.findOne({ _id: id, leaseToken, status: 'pending' }, { projection: { _id: 1 } })) !== null;
  }

  async cancelPendingOf(subscriptionId: string): Promise<void> {
    await this.deliveries.updateMany({ subscriptionId, status: 'pending' }, { $set: { status: 'cancelled', finishedAt: new Date() } });
  }

  /**
   * Subscriptions that may hold data about the student: those sent at least one delivery of
   * an event about the student (a timed-out attempt may still have arrived), except `exceptType`.
   */
  async subscriptionsSentDataAbout(studentId: string, exceptType: string): Promise<{ subscriptionId: string; schoolId: string }[]> {
    const sent = await this.deliveries
      .find(
        { 'event.data.studentId': studentId, 'event.type': { $ne: exceptType }, 'attempts.0': { $exists: true } },
        { projection: { subscriptionId: 1, schoolId: 1 } },
      )
      .toArray();
    const bySubscription = new Map(sent.map((d) => [d.subscriptionId, { subscriptionId: d.subscriptionId, schoolId: d.schoolId }]));
    return [...bySubscription.values()];
  }

  /**
   * A student's erasure: pending deliveries about the student (other than `exceptType`) are
   * cancelled, so nothing more about them leaves, and the free-text end reason is removed from
   * the stored copies. Returns how many deliveries mention the student.
   */
  async pseudonymiseAbout(studentId: string, exceptType: string): Promise<number> {
    const about = { 'event.data.studentId': studentId, 'event.type': { $ne: exceptType } };
    await this.deliveries.updateMany({ ...about, status: 'pending' }, { $set: { status: 'cancelled', finishedAt: new Date() } });
    await this.deliveries.updateMany(
      { ...about, 'event.data.endOfPlacement.reason': { $exists: true } },
      { $unset: { 'event.data.endOfPlacement.reason': '' } },
    );
    return this.deliveries.countDocuments(about);
  }

  /**
   * Cancels these pending deliveries about erased students and removes the free-text end reason
   * from their stored copies (the worker calls this before their first attempt, so they are pending;
   * `pseudonymiseAbout` is the erasure's sweep over every delivery about the student).
   */
  async cancelAboutErasedStudents(ids: string[]): Promise<void> {
    await this.deliveries.updateMany(
      { _id: { $in: ids }, status: 'pending' },
      { $set: { status: 'cancelled', finishedAt: new Date() }, $unset: { 'event.data.endOfPlacement.reason': '' } },
    );
  }

  findByIds(ids: string[]): Promise<WebhookDeliveryDocument[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.deliveries.find({ _id: { $in: ids } }, { projection: { event: 0 } }).toArray();
  }

  /** Newest first; `before` continues after the last delivery of a previous page. */
  listForSubscription(
    subscriptionId: string,
    page: { status?: DeliveryStatus; limit: number; before?: NewestFirstPosition },
  ): Promise<WebhookDeliveryDocument[]> {
    const filter: Filter<WebhookDeliveryDocument> = { subscriptionId, ...(page.status ? { status: page.status } : {}) };
    if (page.before) {
      filter.$or = [{ createdAt: { $lt: page.before.createdAt } }, { createdAt: page.before.createdAt, _id: { $lt: page.before.id } }];
    }
    return this.deliveries.find(filter).sort({ createdAt: -1, _id: -1 }).limit(page.limit).toArray();
  }
}

/** Random order, so when more subscriptions have due work than a pass takes, none is always last. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
