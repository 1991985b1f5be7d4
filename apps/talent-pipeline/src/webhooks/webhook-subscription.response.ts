import { z } from 'zod';
import { OUTCOME_EVENT_TYPES } from './dto/create-subscription.dto';
import { DELIVERY_STATUSES } from './webhook-delivery.document';

/**
 * What the webhook subscription routes answer (a school's and an enterprise's alike), documented
 * in the OpenAPI document from these schemas. The signing secret appears only in the answers
 * that issue it (creation, rotation); no answer carries a delivery's payload.
 */
const instant = z.iso.datetime({ offset: true });

export const SubscriptionViewSchema = z.object({
  id: z.uuid(),
  schoolId: z.string().optional().describe("Set on a school's subscription (exactly one of schoolId and enterpriseId)."),
  enterpriseId: z.string().optional().describe("Set on an enterprise's subscription (exactly one of schoolId and enterpriseId)."),
  url: z.string(),
  eventTypes: z.array(z.enum(OUTCOME_EVENT_TYPES)).describe('Outcome event types delivered; empty means all.'),
  programmes: z.array(z.string()).describe('Programmes whose outcomes are delivered; empty means all.'),
  cohorts: z.array(z.string()).describe('Cohorts whose outcomes are delivered; empty means all.'),
  status: z.enum(['active', 'disabled']),
  disabledReason: z.string().optional().describe('Why the subscription is disabled (by its owner, a 410, the retry budget…).'),
  previousSecretExpiresAt: instant
    .optional()
    .describe("While a rotation's grace period runs: when deliveries stop carrying the previous secret's signature."),
  createdAt: instant,
  updatedAt: instant.optional(),
});

export type SubscriptionView = z.output<typeof SubscriptionViewSchema>;

export const SubscriptionWithSecretSchema = SubscriptionViewSchema.extend({
  secret: z.string().describe('The Standard Webhooks signing secret (whsec_…), shown only in this answer.'),
});

export type SubscriptionWithSecret = z.output<typeof SubscriptionWithSecretSchema>;

export const SubscriptionListSchema = z.object({ items: z.array(SubscriptionViewSchema) });

export type SubscriptionList = z.output<typeof SubscriptionListSchema>;

export const ReplayReceiptSchema = z.object({
  replayId: z.string().describe('The replay (the one given, or a new UUID): the same id again enqueues nothing new.'),
  since: instant,
  matched: z.int().min(0).describe('Outcomes recorded since `since` that pass the filters.'),
  enqueued: z.int().min(0).describe('Deliveries newly enqueued (0 when this replay id was already enqueued).'),
});

export type ReplayReceipt = z.output<typeof ReplayReceiptSchema>;

export const DeliveryLogPageSchema = z.object({
  subscription: SubscriptionViewSchema,
  items: z.array(
    z.object({
      id: z.string().describe('subscription id | event id (| replay:<replay id> for replayed deliveries).'),
      eventId: z.string(),
      eventType: z.string().describe('An outcome type, or privacy.erasure.notice.v1 for an erasure notice.'),
      replayId: z.string().optional().describe('Set on deliveries a replay created.'),
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.array(
        z.object({
          at: instant,
          statusCode: z.int().optional().describe("The receiver's HTTP status, when it answered."),
          error: z.string().optional().describe('Why the attempt failed without an answer (timeout, refused, disabled subscription…).'),
          durationMs: z.number(),
        }),
      ),
      nextAttemptAt: instant.optional().describe('Pending deliveries: when the next attempt is due.'),
      createdAt: instant,
      finishedAt: instant.optional(),
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass as `before` for the next page; null on the last page.'),
});

export type DeliveryLogPageView = z.output<typeof DeliveryLogPageSchema>;
