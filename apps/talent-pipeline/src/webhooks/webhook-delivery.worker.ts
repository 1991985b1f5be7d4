import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Agent, request } from 'undici';
import { APP_CONFIG, faultPoint } from '@app/base';
import { isEvent, PLACEMENT_OUTCOME_CONTRACT_LIST } from '@app/contracts';
import { SpanAttributes, contextFromCarrier, traceHeaders } from '@app/messaging';
import { WebhookDeliveryMetrics, WebhookDeliveryResult } from '@app/platform';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { SECRET_BOX, SecretBox } from '../shared/secret-box';
import { StudentsService } from '../students/students.service';
import { signingSecretsOf } from './domain/signing-secrets';
import { nextAttemptAt } from './retry-schedule';
import { AttemptRecord, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { discardResponseBody } from './discard-response-body';
import { HeldDelivery, NamedDeliveries } from './named-deliveries';
import { DeliveryAttempt, WebhookDeliveryDocument } from './webhook-delivery.document';
import { WebhookPayloadService } from './webhook-payload.service';
import { signWebhook } from './webhook-signer';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';
import { nonPublicTargetReason, publicOnlyLookup } from './webhook-target-guard';

/** Deliveries claimed per search. */
const BATCH = 20;
/** Held deliveries sent per round: they cost no claim, so a burst goes out in few round trips. */
const HELD_BATCH = 100;

/**
 * Sends due webhook deliveries, signed per Standard Webhooks. Failures are retried on the
 * configured schedule, and every attempt's status is kept; 410 Gone disables the
 * subscription. Deliveries live in Mongo, so a crash loses nothing: after the claim lapses
 * another pass sends again (receivers dedupe on `webhook-id`).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private timer?: NodeJS.Timeout;
  /** When the armed timer fires (epoch ms). */
  private timerDueAt = Number.POSITIVE_INFINITY;
  private stopped = true;
  /** Passes in a row that found nothing due: the next poll waits longer. */
  private idlePasses = 0;
  /** The earliest retry this worker scheduled and has not yet reached. */
  private earliestRetryAt = Number.POSITIVE_INFINITY;
  private running?: Promise<number>;
  private rerun = false;
  /** Deliveries this process created and holds, sent from memory without a claim or a search. */
  private readonly named = new NamedDeliveries();
  /** The next pass also searches for due deliveries (polls, wakes that named none, a failed pass). */
  private searchNeeded = true;
  /** Connections for webhook POSTs; unless private targets are allowed, only to public addresses. */
  private readonly dispatcher: Agent;
  /** How long a claim (or a hold at creation) keeps other workers off a delivery: past any attempt's deadline. */
  readonly leaseMs: number;

  constructor(
    private readonly payloads: WebhookPayloadService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    private readonly metrics: WebhookDeliveryMetrics,
    private readonly students: StudentsService,
  ) {
    this.dispatcher = new Agent(config.WEBHOOK_ALLOW_PRIVATE_TARGETS ? {} : { connect: { lookup: publicOnlyLookup } });
    this.leaseMs = config.WEBHOOK_TIMEOUT_MS * 3;
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.armTimer(this.config.WEBHOOK_POLL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.dispatcher.close();
  }

  /**
   * Runs a pass now (coalescing with one already running); resolves to how many deliveries it
   * attempted (-1 when it failed). Called when this process enqueues deliveries, so the poll is
   * only needed for what no local write announces: retries scheduled by other replicas,
   * deliveries left by a crashed one, leases that lapsed. The deliveries `created` (held for this
   * worker at creation) are sent as they are; without them the pass searches for what is due.
   */
  wake(created?: readonly HeldDelivery[]): Promise<number> {
    this.idlePasses = 0;
    if (!created || !this.named.add(created)) this.searchNeeded = true;
    return this.pass();
  }

  private pass(): Promise<number> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      let attempted = 0;
      try {
        do {
          this.rerun = false;
          while (this.named.size > 0) {
            const held = this.named.take(HELD_BATCH);
            // Still held for this worker if the round fails: kept for the next pass, not left to the search.
            attempted += await this.sendHeld(held).catch((error: unknown) => {
              this.named.add(held);
              throw error;
            });
          }
          if (this.searchNeeded) {
            this.searchNeeded = false;
            let sent: number;
            do {
              sent = await this.sendBatch();
              attempted += sent;
            } while (sent === BATCH);
          }
        } while (this.rerun);
        return attempted;
      } catch (error) {
        // The search also finds what a failed round left (claims that lapse, holds that run out).
        this.searchNeeded = true;
        this.logger.warn(`delivery pass failed: ${(error as Error).message}`);
        return -1;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async poll(): Promise<void> {
    this.timerDueAt = Number.POSITIVE_INFINITY;
    this.searchNeeded = true;
    if (this.earliestRetryAt <= Date.now()) this.earliestRetryAt = Number.POSITIVE_INFINITY;
    const attempted = await this.pass();
    // Something sent, or a failure to retry soon: back to the base interval. While idle the wait
    // doubles up to 8 x WEBHOOK_POLL_MS, but never past a retry this worker scheduled.
    this.idlePasses = attempted !== 0 ? 0 : this.idlePasses + 1;
    const base = this.config.WEBHOOK_POLL_MS;
    this.armTimer(Math.min(base * 2 ** Math.min(this.idlePasses, 16), base * 8));
  }

  /** Arms the poll timer for `delayMs`, or sooner if a scheduled retry falls due before then. */
  private armTimer(delayMs: number): void {
    if (this.stopped) return;
    const dueAt = Math.min(Date.now() + delayMs, this.earliestRetryAt);
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => void this.poll(), Math.max(0, dueAt - Date.now()));
  }

  /** A retry this worker scheduled: poll when it falls due, even if the idle wait is longer. */
  private noteRetryAt(at: Date): void {
    this.earliestRetryAt = Math.min(this.earliestRetryAt, at.getTime());
    if (this.earliestRetryAt < this.timerDueAt) this.armTimer(this.earliestRetryAt - Date.now());
  }

  /**
   * Sends deliveries this process created and holds. Within the first half of their hold nobody
   * else can have claimed them: one read confirms they are still pending (an erasure or a 410
   * may have cancelled them since), side by side with the subscriptions' read. Older ones (the
   * worker fell behind) are claimed by `_id` like any other.
   */
  private async sendHeld(held: HeldDelivery[]): Promise<number> {
    const surelyHeldUntil = (delivery: WebhookDeliveryDocument) => delivery.createdAt.getTime() + this.leaseMs / 2;
    const now = Date.now();
    const fresh: HeldDelivery[] = [];
    const stale: string[] = [];
    for (const delivery of held) {
      if (now < surelyHeldUntil(delivery)) fresh.push(delivery);
      else stale.push(delivery._id);
    }
    const subscriptionOf = this.subscriptionsOf(fresh);
    const [pending, notAboutErased] = await Promise.all([this.deliveries.stillHeld(fresh), this.withoutErasedStudents(fresh)]);
    const sendable = notAboutErased.filter((delivery) => pending.has(delivery._id));
    await this.attemptAll(sendable, subscriptionOf, surelyHeldUntil);
    return sendable.length + (stale.length > 0 ? await this.sendClaimed(() => this.deliveries.claimIds(stale, this.leaseMs)) : 0);
  }

  /** Claims and attempts a search's batch of due deliveries. */
  private sendBatch(): Promise<number> {
    return this.sendClaimed(() => this.deliveries.claimDue(BATCH, this.leaseMs));
  }

  /** Attempts what `claim` claims; within the first half of the lease nobody else can have claimed it. */
  private async sendClaimed(claim: () => Promise<WebhookDeliveryDocument[]>): Promise<number> {
    const claimedAt = Date.now();
    const claimed = await claim();
    const subscriptionOf = this.subscriptionsOf(claimed);
    await this.attemptAll(await this.withoutErasedStudents(claimed), subscriptionOf, () => claimedAt + this.leaseMs / 2);
    return claimed.length;
  }

  /**
   * The deliveries less the outcomes about students erased (or being erased) since they were
   * written, which are cancelled without an attempt: a fan-out that found the student not erased
   * just before the erasure swept the pending deliveries wrote them after the sweep (ADR 0037,
   * session 34 addendum). One read, beside the batch's other reads; erasure notices go out.
   */
  private async withoutErasedStudents<D extends WebhookDeliveryDocument>(deliveries: D[]): Promise<D[]> {
    const studentOf = (delivery: D) =>
      isEvent(PLACEMENT_OUTCOME_CONTRACT_LIST, delivery.event) ? delivery.event.data.studentId : undefined;
    const studentIds = [...new Set(deliveries.flatMap((delivery) => studentOf(delivery) ?? []))];
    if (studentIds.length === 0) return deliveries;
    const erased = await this.students.erasingOrErasedAmong(studentIds);
    if (erased.size === 0) return deliveries;
    const aboutErased = (delivery: D) => erased.has(studentOf(delivery) ?? '');
    await this.deliveries.cancelAboutErasedStudents(deliveries.filter(aboutErased).map((delivery) => delivery._id));
    return deliveries.filter((delivery) => !aboutErased(delivery));
  }

  /** One read per subscription of the batch, not one per delivery, started now. */
  private subscriptionsOf(deliveries: readonly WebhookDeliveryDocument[]): (id: string) => Promise<WebhookSubscriptionDocument | null> {
    const subscriptions = new Map<string, Promise<WebhookSubscriptionDocument | null>>();
    for (const { subscriptionId } of deliveries) {
      if (!subscriptions.has(subscriptionId)) subscriptions.set(subscriptionId, this.subscriptions.findById(subscriptionId));
    }
    // A failed read fails the attempts that wait on it, not the process.
    for (const read of subscriptions.values()) read.catch(() => undefined);
    return (id) => subscriptions.get(id) ?? this.subscriptions.findById(id);
  }

  /** Attempts the deliveries side by side, then records all attempts in one round trip. */
  private async attemptAll(
    deliveries: readonly WebhookDeliveryDocument[],
    subscriptionOf: (id: string) => Promise<WebhookSubscriptionDocument | null>,
    surelyLeasedUntil: (delivery: WebhookDeliveryDocument) => number,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    const records: AttemptRecord[] = [];
    await Promise.all(deliveries.map((delivery) => this.attempt(delivery, subscriptionOf, surelyLeasedUntil(delivery), records)));
    faultPoint('webhook-worker.after-attempts');
    await this.recordAll(records);
  }

  /** The batch's attempts, recorded in one round trip once all of them have finished. */
  private async recordAll(records: AttemptRecord[]): Promise<void> {
    const recorded = await this.deliveries.recordAttempts(records);
    // A lease that ran out during its attempt: another worker claimed the delivery, and its record wins.
    if (recorded < records.length)
      this.logger.warn(`${records.length - recorded} attempt(s) not recorded: their lease ran out during the attempt`);
    for (const { outcome } of records) if (outcome.status === 'pending') this.noteRetryAt(outcome.nextAttemptAt);
  }

  /** One CLIENT span per attempt, continuing the trace of the handler that created the delivery. */
  private attempt(
    delivery: WebhookDeliveryDocument,
    subscriptionOf: (id: string) => Promise<WebhookSubscriptionDocument | null>,
    surelyLeasedUntil: number,
    records: AttemptRecord[],
  ): Promise<void> {
    return trace.getTracer('talent-pipeline-webhooks').startActiveSpan(
      'webhook deliver',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'webhook.delivery_id': delivery._id,
          'webhook.subscription_id': delivery.subscriptionId,
          'webhook.attempt': delivery.attempts.length + 1,
          [SpanAttributes.eventId]: delivery.event.id,
          [SpanAttributes.eventType]: delivery.event.type,
        },
      },
      contextFromCarrier(delivery.traceContext),
      async (span) => {
        try {
          await this.attemptInSpan(delivery, span, subscriptionOf, surelyLeasedUntil, records);
        } finally {
          span.end();
        }
      },
    );
  }

  private record(span: Span, result: WebhookDeliveryResult, attempt: DeliveryAttempt): void {
    span.setAttribute('webhook.result', result);
    if (attempt.statusCode !== undefined) span.setAttribute('http.response.status_code', attempt.statusCode);
    if (result !== 'delivered') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.error ?? `HTTP ${attempt.statusCode}` });
    this.metrics.observe(result, attempt.durationMs / 1000);
  }

  private async attemptInSpan(
    delivery: WebhookDeliveryDocument,
    span: Span,
    subscriptionOf: (id: string) => Promise<WebhookSubscriptionDocument | null>,
    surelyLeasedUntil: number,
    records: AttemptRecord[],
  ): Promise<void> {
    const subscription = await subscriptionOf(delivery.subscriptionId);
    const startedAt = new Date();
    const lease = delivery.leaseToken;
    if (!subscription || subscription.status !== 'active') {
      records.push({
        id: delivery._id,
        attempt: { at: startedAt, error: 'subscription disabled', durationMs: 0 },
        outcome: { status: 'cancelled' },
        leaseToken: lease,
      });
      return;
    }
    // Claimed a while ago (a stalled pass)? If another worker holds the delivery now, it sends it.
    // Within the first half of the lease nobody else can have claimed it: no need to ask.
    if (lease && Date.now() >= surelyLeasedUntil && !(await this.deliveries.stillClaimed(delivery._id, lease))) return;
    // What this attempt may carry: an enterprise gets the student only with consent in force now.
    const body = JSON.stringify(await this.payloads.forAttempt(delivery, subscription));
    let attempt: DeliveryAttempt;
    try {
      const refused = this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS ? undefined : nonPublicTargetReason(subscription.url);
      if (refused) throw new Error(`${refused}; webhooks are only sent to public hosts`);
      // undici's request, not fetch: it neither follows redirects nor decompresses, and the
      // deadline covers the whole exchange, so a slow receiver cannot hold a worker.
      const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
      const response = await request(subscription.url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          // W3C traceparent of this attempt's span (absent while tracing is off).
          ...traceHeaders(),
          'content-type': 'application/json',
          ...signWebhook(
            delivery.event.id,
            body,
            // The current secret must open; a previous one whose key was lost is left out (ADR 0018, addendum).
            signingSecretsOf(subscription, startedAt).flatMap((stored) =>
              stored === subscription.secret ? [this.secrets.open(stored)] : (this.secrets.openIfReadable(stored) ?? []),
            ),
            startedAt,
          ),
        },
        body,
      });
      await discardResponseBody(response.body);
      attempt = { at: startedAt, statusCode: response.statusCode, durationMs: Date.now() - startedAt.getTime() };
    } catch (error) {
      attempt = { at: startedAt, error: describeFailure(error), durationMs: Date.now() - startedAt.getTime() };
    }

    if (attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300) {
      this.record(span, 'delivered', attempt);
      records.push({ id: delivery._id, attempt, outcome: { status: 'delivered' }, leaseToken: lease });
    } else if (attempt.statusCode === 410) {
      this.record(span, 'gone', attempt);
      await this.recordOrWarn(delivery, attempt, { status: 'cancelled' });
      await this.subscriptions.disable(subscription._id, 'endpoint answered 410 Gone');
      await this.deliveries.cancelPendingOf(subscription._id);
      this.logger.warn(`subscription ${subscription._id} disabled: endpoint answered 410`);
    } else {
      const next = nextAttemptAt(delivery.attempts.length + 1, this.config.WEBHOOK_RETRY_SCHEDULE, new Date());
      this.record(span, next ? 'retrying' : 'failed', attempt);
      records.push({
        id: delivery._id,
        attempt,
        outcome: next ? { status: 'pending', nextAttemptAt: next } : { status: 'failed' },
        leaseToken: lease,
      });
    }
  }

  private async recordOrWarn(
    delivery: WebhookDeliveryDocument,
    attempt: DeliveryAttempt,
    outcome: Parameters<WebhookDeliveriesRepository['recordAttempt']>[2],
  ): Promise<void> {
    if (await this.deliveries.recordAttempt(delivery._id, attempt, outcome, delivery.leaseToken)) return;
    // The lease ran out during the attempt and another worker claimed the delivery: its record wins.
    this.logger.warn(`delivery ${delivery._id}: lease lost during the attempt; its result (${outcome.status}) is not recorded`);
  }
}

/** The reason (refused, timed out, not public), also when a client wraps it in `cause`. */
function describeFailure(error: unknown): string {
  const message = (error as Error).message;
  const cause = (error as { cause?: Error }).cause?.message;
  return cause ? `${message}: ${cause}` : message;
}
