import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, PlacementOutcomeEvent } from '@app/contracts';
import { APP_CONFIG, ProblemException } from '@app/base';
import { captureTraceContext } from '@app/messaging';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { DisclosureService } from '../disclosures/disclosure.service';
import { withoutEndReason } from '../outcomes/end-reason';
import { OutcomesService } from '../outcomes/outcomes.service';
import { ResealCount } from '../shared/reseal-secrets';
import { SECRET_BOX, SecretBox } from '../shared/secret-box';
import { StudentsService } from '../students/students.service';
import { NewestFirstPosition } from '../shared/newest-first-cursor';
import { newSigningSecret } from '../shared/secrets';
import { outcomeDeliveryDisclosure } from './domain/outcome-disclosure';
import { DEFAULT_ROTATION_GRACE_MS, rotatedSecrets } from './domain/signing-secrets';
import { isErasureNoticeRecipient } from './domain/erasure-notice-recipients';
import { subscriptionMatches } from './domain/subscription-filter';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto';
import { NewDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { DeliveryStatus, WebhookDeliveryDocument } from './webhook-delivery.document';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';
import { ReplayReceipt } from './webhook-subscription.response';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { nonPublicTargetReason } from './webhook-target-guard';
import { HeldDelivery } from './named-deliveries';

const REPLAY_PAGE = 500;
/**
 * Each subscription multiplies every outcome into a delivery; a school has a handful of
 * systems to notify, and without a cap one school could make the worker's queue its own.
 */
export const MAX_SUBSCRIPTIONS_PER_SCHOOL = 20;

/** Whose subscription: a school's (its students' outcomes) or an enterprise's (its placements' outcomes). */
export type SubscriptionOwner = { schoolId: string; enterpriseId?: undefined } | { enterpriseId: string; schoolId?: undefined };

/** Tries of a secret rotation that meets reseals of the same subscription before it answers 409. */
const ROTATION_ATTEMPTS = 3;

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly feed: OutcomesService,
    private readonly worker: WebhookDeliveryWorker,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    private readonly disclosures: DisclosureService,
    private readonly students: StudentsService,
  ) {}

  /** Every subscription's signing secrets (current and previous) moved onto the current secrets key (ADR 0018, addendum). */
  resealSigningSecrets(): Promise<ResealCount> {
    return this.subscriptions.resealSecrets(this.secrets);
  }

  /** The new subscription and its signing secret, which is shown to the school only now. */
  create(schoolId: string, dto: CreateSubscriptionDto): Promise<{ subscription: WebhookSubscriptionDocument; secret: string }> {
    return this.createFor({ schoolId }, dto);
  }

  /** A school's or an enterprise's new subscription, with its secret (shown only now). */
  async createFor(
    owner: SubscriptionOwner,
    dto: CreateSubscriptionDto,
  ): Promise<{ subscription: WebhookSubscriptionDocument; secret: string }> {
    this.assertAllowedTarget(dto.url);
    // Checked before the insert, so two creates racing can pass it together: the cap is a guard, not a quota.
    const existing = owner.schoolId
      ? await this.subscriptions.countForSchool(owner.schoolId)
      : await this.subscriptions.countForEnterprise(owner.enterpriseId!);
    if (existing >= MAX_SUBSCRIPTIONS_PER_SCHOOL) {
      throw new ProblemException(
        409,
        'too many subscriptions',
        `a ${owner.schoolId ? 'school' : 'enterprise'} may have at most ${MAX_SUBSCRIPTIONS_PER_SCHOOL} subscriptions; reuse one (PATCH its url and filters)`,
      );
    }
    const secret = newSigningSecret();
    const subscription: WebhookSubscriptionDocument = {
      _id: randomUUID(),
      ...(owner.schoolId ? { schoolId: owner.schoolId } : { enterpriseId: owner.enterpriseId }),
      url: dto.url,
      eventTypes: dto.eventTypes ?? [],
      programmes: dto.programmes ?? [],
      cohorts: dto.cohorts ?? [],
      secret: this.secrets.seal(secret),
      status: 'active',
      createdAt: new Date(),
    };
    await this.subscriptions.insert(subscription);
    return { subscription, secret };
  }

  private assertAllowedTarget(url: string): void {
    if (this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS) return;
    const reason = nonPublicTargetReason(url);
    if (reason) {
      throw new ProblemException(400, 'invalid request', 'webhooks are only sent to public hosts', [
        { field: 'url', message: `${reason}; webhooks are only sent to public hosts` },
      ]);
    }
  }

  /** The school's subscription, or 404 (also for another school's id: no existence leak). */
  get(schoolId: string, id: string): Promise<WebhookSubscriptionDocument> {
    return this.getFor({ schoolId }, id);
  }

  /** The owner's subscription, or 404 (also for another owner's id: no existence leak). */
  async getFor(owner: SubscriptionOwner, id: string): Promise<WebhookSubscriptionDocument> {
    const subscription = await this.subscriptions.findById(id);
    const owned = owner.schoolId ? subscription?.schoolId === owner.schoolId : subscription?.enterpriseId === owner.enterpriseId;
    if (!subscription || !owned) throw new ProblemException(404, 'subscription not found');
    return subscription;
  }

  update(schoolId: string, id: string, dto: UpdateSubscriptionDto): Promise<WebhookSubscriptionDocument> {
    return this.updateFor({ schoolId }, id, dto);
  }

  async updateFor(owner: SubscriptionOwner, id: string, dto: UpdateSubscriptionDto): Promise<WebhookSubscriptionDocument> {
    const current = await this.getFor(owner, id);
    if (dto.url !== undefined) this.assertAllowedTarget(dto.url);
    const { status, ...changes } = dto;
    const set: Partial<WebhookSubscriptionDocument> = { ...changes };
    const unset: (keyof WebhookSubscriptionDocument)[] = [];
    if (status === 'active' && current.status !== 'active') {
      set.status = 'active';
      unset.push('disabledReason');
    } else if (status === 'disabled' && current.status !== 'disabled') {
      set.status = 'disabled';
      set.disabledReason = `disabled by the ${owner.schoolId ? 'school' : 'enterprise'}`;
    }
    const updated = await this.subscriptions.update(id, set, unset);
    if (status === 'disabled') await this.deliveries.cancelPendingOf(id);
    return updated!;
  }

  /** A new secret; the old one keeps signing alongside for the grace period. */
  rotateSecret(schoolId: string, id: string, graceMs?: number): Promise<{ subscription: WebhookSubscriptionDocument; secret: string }> {
    return this.rotateSecretFor({ schoolId }, id, graceMs);
  }

  async rotateSecretFor(
    owner: SubscriptionOwner,
    id: string,
    graceMs = DEFAULT_ROTATION_GRACE_MS,
  ): Promise<{ subscription: WebhookSubscriptionDocument; secret: string }> {
    let current = await this.getFor(owner, id);
    const secret = newSigningSecret();
    // Conditional on the stored value read; the previous secret stays sealed as it was.
    for (let attempt = 1; ; attempt++) {
      const rotated = await this.subscriptions.replaceSecret(
        id,
        current.secret,
        rotatedSecrets(current, this.secrets.seal(secret), graceMs, new Date()),
      );
      if (rotated) return { subscription: rotated, secret };
      // A reseal under a new secrets key (ADR 0018, addendum) changes the stored value, not the secret: go on from it.
      const now = await this.getFor(owner, id);
      if (attempt >= ROTATION_ATTEMPTS || !this.sameSecret(now.secret, current.secret))
        throw new ProblemException(409, 'concurrent rotation', 'the secret was rotated meanwhile; rotate again if needed');
      current = now;
    }
  }

  /** Whether two stored values hold the same secret (one resealed from the other); an unreadable one is another secret. */
  private sameSecret(a: string, b: string): boolean {
    if (a === b) return false; // the write failed on an unchanged value: not a reseal
    const [openA, openB] = [this.secrets.openIfReadable(a), this.secrets.openIfReadable(b)];
    return openA !== undefined && openA === openB;
  }

  /**
   * Enqueues a delivery for every feed entry recorded since `since` that passes the
   * subscription's current filters, except those about an erased student. Replay deliveries have
   * their own ids, so events already delivered are sent again; the same replayId twice enqueues
   * nothing new.
   */
  async replay(schoolId: string, id: string, since: Date, replayId: string = randomUUID()): Promise<ReplayReceipt> {
    const subscription = await this.get(schoolId, id);
    if (subscription.status !== 'active') {
      throw new ProblemException(409, 'subscription disabled', 're-enable it first: PATCH with {"status":"active"}');
    }
    // One replay at a time per subscription (the same replayId again is that replay, not a new one).
    if (await this.deliveries.hasPendingReplay(id, replayId)) {
      throw new ProblemException(
        409,
        'replay in progress',
        'an earlier replay of this subscription is still being delivered; retry when it is done',
      );
    }
    const max = this.config.WEBHOOK_REPLAY_MAX_EVENTS;
    const matching = async (visit: (entry: { event: PlacementOutcomeEvent }) => Promise<boolean>) => {
      for (let afterSeq = 0; ;) {
        const entries = await this.feed.recordedSince(schoolId, since, afterSeq, REPLAY_PAGE);
        // Nothing about an erased student leaves the service again, as in the fan-out: the feed keeps them under the pseudonym.
        const erased = await this.students.erasingOrErasedAmong([...new Set(entries.map((entry) => entry.event.data.studentId))]);
        for (const entry of entries) {
          if (erased.has(entry.event.data.studentId) || !subscriptionMatches(subscription, entry.event)) continue;
          if (!(await visit(entry))) return;
        }
        if (entries.length < REPLAY_PAGE) return;
        afterSeq = entries.at(-1)!.seq;
      }
    };
    // Counted before anything is enqueued: a replay over the cap changes nothing.
    let matched = 0;
    await matching(async () => ++matched <= max);
    if (matched > max) {
      throw new ProblemException(422, 'replay too large', `more than ${max} outcomes match; replay a shorter period`, [
        { field: 'since', message: `matches more than ${max} outcomes: choose a later time` },
      ]);
    }
    let enqueued = 0;
    const disclosures: Parameters<DisclosureService['recordEachOnce']>[0] = [];
    const deliveries: NewDelivery[] = [];
    // Ledger first, then the deliveries (docs/decisions/0011), a page's worth per round trip.
    const flush = async () => {
      await this.disclosures.recordEachOnce(disclosures.splice(0));
      enqueued += await this.deliveries.enqueueEach(deliveries.splice(0));
    };
    await matching(async ({ event }) => {
      if (typeof event.data.studentId === 'string') {
        disclosures.push(outcomeDeliveryDisclosure(`${id}|${event.id}|replay:${replayId}`, id, event));
      }
      deliveries.push({ subscriptionId: id, schoolId, event, replayId, traceContext: captureTraceContext() });
      if (deliveries.length >= REPLAY_PAGE) await flush();
      return true;
    });
    await flush();
    void this.worker.wake();
    return { replayId, since: since.toISOString(), matched, enqueued };
  }

  listForSchool(schoolId: string): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions.listForSchool(schoolId);
  }

  listForEnterprise(enterpriseId: string): Promise<WebhookSubscriptionDocument[]> {
    return this.subscriptions.listForEnterprise(enterpriseId);
  }

  /** A subscription's deliveries, newest first (the caller has checked the school owns it). */
  deliveryLog(
    subscription: WebhookSubscriptionDocument,
    page: { status?: DeliveryStatus; limit: number; before?: NewestFirstPosition },
  ): Promise<WebhookDeliveryDocument[]> {
    return this.deliveries.listForSubscription(subscription._id, page);
  }

  /**
   * A student's erasure, webhook side: every subscription that was sent data about the
   * student (`disclosedTo`: the ledger's webhook recipients, which decides for enterprises'
   * subscriptions, see domain/erasure-notice-recipients) gets `notice` (whatever its event-type
   * filters: it is a legal notice, GDPR Art. 19),
   * signed and retried like any delivery; pending deliveries about the student are cancelled
   * and the stored copies lose their free text. Safe to repeat: the notice is enqueued once per
   * subscription (its delivery id is subscription | notice id). Returns the notices' deliveries.
   */
  async sendErasureNotice(
    studentId: string,
    notice: CloudEvent,
    disclosedTo: ReadonlySet<string>,
  ): Promise<{ subscriptionId: string; deliveryId: string }[]> {
    const recipients: { subscriptionId: string; schoolId: string }[] = [];
    for (const sent of await this.deliveries.subscriptionsSentDataAbout(studentId, notice.type)) {
      if (isErasureNoticeRecipient(await this.subscriptions.findById(sent.subscriptionId), disclosedTo)) recipients.push(sent);
    }
    for (const { subscriptionId, schoolId } of recipients) await this.deliveries.enqueue(subscriptionId, schoolId, notice);
    void this.worker.wake();
    return recipients.map(({ subscriptionId }) => ({ subscriptionId, deliveryId: `${subscriptionId}|${notice.id}` }));
  }

  /** Cancels what is still to be sent about the student and removes free text from stored deliveries; returns how many mention the student. */
  pseudonymiseStudent(studentId: string, exceptType: string): Promise<number> {
    return this.deliveries.pseudonymiseAbout(studentId, exceptType);
  }

  /** Deliveries by id (without the event), e.g. to follow erasure notices. */
  deliveriesByIds(ids: string[]): Promise<WebhookDeliveryDocument[]> {
    return this.deliveries.findByIds(ids);
  }

  /**
   * Fans one placement outcome out to the school: its pull feed, then one delivery per
   * matching active subscription. Both steps are idempotent, so a redelivered event changes
   * nothing.
   */
  async fanOut(event: PlacementOutcomeEvent): Promise<void> {
    await this.fanOutMany([{ event, inTrace: (fn) => fn() }]);
  }

  /**
   * Outcomes, in order, into their schools' feeds and to the matching subscriptions, as two
   * chains side by side (three round trips of waiting instead of five): the feed appends (three
   * per school of the batch), and the deliveries (the erasure check and the subscription lookup
   * at once, then the ledger, then the deliveries). Safe to repeat after a partial run (the feed
   * skips what it has, deliveries and ledger entries are keyed by subscription and event).
   *
   * The deliveries are held for this process's worker, which is woken only once both chains are
   * through: a school told of an outcome finds it in its feed. Should the feed fail after the
   * deliveries were written, the record is retried, finds them written, and they go out when
   * their hold runs out.
   */
  async fanOutMany(outcomes: OutcomeToFanOut[]): Promise<void> {
    const events = outcomes.map((outcome) => outcome.event);
    // Asked once, beside both chains: the feed needs it only at its insert, the deliveries with the subscriptions.
    const erased = this.students.erasingOrErasedAmong([...new Set(events.map((event) => event.data.studentId))]);
    erased.catch(() => undefined); // awaited by both chains; not an unhandled rejection meanwhile
    const [feed, deliveries] = await Promise.allSettled([this.appendToFeeds(events, erased), this.enqueueDeliveries(outcomes, erased)]);
    // Both settle before either failure is thrown: a retry must not run beside a chain still writing.
    if (feed.status === 'rejected') throw feed.reason;
    if (deliveries.status === 'rejected') throw deliveries.reason;
    if (deliveries.value.length > 0) void this.worker.wake(deliveries.value);
  }

  /**
   * The outcomes into their schools' feeds. One about a student erased meanwhile (it waited in
   * Kafka while the erasure ran) goes in without its free-text end reason, as the erasure left the
   * student's earlier entries: the feed and the school's outcome topic never carry it again.
   */
  private async appendToFeeds(events: PlacementOutcomeEvent[], erased: Promise<Set<string>>): Promise<void> {
    const scrub = erased.then((ids) => (event: PlacementOutcomeEvent) => (ids.has(event.data.studentId) ? withoutEndReason(event) : event));
    scrub.catch(() => undefined); // a feed with nothing new never awaits it: its failure is the deliveries' to report
    for (const [schoolId, ofSchool] of groupedBy(events, (event) => event.data.schoolId))
      await this.feed.appendMany(schoolId, ofSchool, scrub);
  }

  /** The ledger entries and the held deliveries of the outcomes; returns the deliveries created. */
  private async enqueueDeliveries(outcomes: OutcomeToFanOut[], erasedAmong: Promise<Set<string>>): Promise<HeldDelivery[]> {
    const events = outcomes.map((outcome) => outcome.event);
    const [erased, active] = await Promise.all([
      // Nothing more about an erased student leaves the service (its recipients were told to erase):
      // the outcome stays in the school's feed under the pseudonym, like the student's earlier ones.
      erasedAmong,
      this.subscriptions.activeOf(
        [...new Set(events.map((event) => event.data.schoolId))],
        [...new Set(events.map((event) => event.data.enterpriseId))],
      ),
    ]);
    const told = outcomes.filter(({ event }) => !erased.has(event.data.studentId));
    if (told.length === 0) return [];
    const disclosures: Parameters<DisclosureService['recordEachOnce']>[0] = [];
    const deliveries: NewDelivery[] = [];
    for (const { event, inTrace } of told) {
      for (const subscription of active) {
        if (!subscriptionMatches(subscription, event)) continue;
        if (subscription.schoolId === event.data.schoolId) {
          if (typeof event.data.studentId === 'string') {
            disclosures.push(outcomeDeliveryDisclosure(`${subscription._id}|${event.id}`, subscription._id, event));
          }
        } else if (subscription.enterpriseId !== event.data.enterpriseId) continue;
        // The enterprise's own subscriptions: the student's data is included or redacted when each
        // attempt is made, by the consent in force then (WebhookPayloadService), and recorded there.
        // The delivery continues the trace of the record that carried the outcome.
        deliveries.push({
          subscriptionId: subscription._id,
          schoolId: event.data.schoolId,
          event,
          traceContext: inTrace(() => captureTraceContext()),
        });
      }
    }
    // The ledger entries are written before the deliveries exist (ledger first, docs/decisions/0011):
    // a crash in between leaves entries for deliveries the redelivered events then create.
    await this.disclosures.recordEachOnce(disclosures);
    // Held for this process's worker, which sends them from these documents without a claim.
    return this.deliveries.enqueueHeld(deliveries, this.worker.leaseMs);
  }
}

/** An outcome to fan out, and how to run work in the trace of the record that carried it. */
export interface OutcomeToFanOut {
  event: PlacementOutcomeEvent;
  inTrace<T>(fn: () => T): T;
}

/** The items grouped by key, groups in order of first appearance, items in order within each. */
function groupedBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
