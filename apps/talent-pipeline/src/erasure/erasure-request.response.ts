import { z } from 'zod';
import { ERASURE_ORIGINS, ErasureConfirmed, PRIVACY_SERVICES } from '@app/contracts';
import { ERASURE_STATUSES, NOTICE_STATUSES } from './domain/erasure-status';

/**
 * What an erasure request answer carries (filing, reading, listing; school and operator alike):
 * the completion proof, documented from this schema. It holds ids, the reason and what each
 * service and recipient did, never a personal value.
 */
const instant = z.iso.datetime({ offset: true });
const confirmation = ErasureConfirmed.schema.shape;

const confirmedService = z.object({
  service: z.enum(PRIVACY_SERVICES),
  status: z.literal('confirmed'),
  confirmedAt: instant.describe('When the service says it erased its store (its privacy.erasure.confirmed.v1).'),
  receivedAt: instant.describe('When the confirmation arrived here.'),
  actions: confirmation.actions.describe('Per store: what the service did to which fields, and how many records.'),
  tombstones: confirmation.tombstones,
});

const pendingService = z.object({ service: z.enum(PRIVACY_SERVICES), status: z.literal('pending') });

export const ErasureRequestViewSchema = z.object({
  id: z.string(),
  studentId: z.string(),
  schoolId: z.string(),
  origin: z.enum(ERASURE_ORIGINS),
  reason: z.string(),
  requestedBy: z
    .string()
    .describe(
      'Who filed: `operator`, `operator:<id>`, `school:<schoolId>` or `retention:<rule>` (the bare origin for a request learnt from its event).',
    ),
  requestedAt: instant,
  status: z.enum(ERASURE_STATUSES),
  completedAt: instant.optional(),
  kafkaCopiesGoneBy: instant
    .optional()
    .describe(
      "Set on completion. Events already on Kafka are not rewritten; by this time the brokers have deleted every record naming the student (completedAt plus KAFKA_PERSONAL_DATA_MAX_AGE_DAYS, and the brokers' retention check interval, 5 minutes by default).",
    ),
  services: z
    .array(z.discriminatedUnion('status', [confirmedService, pendingService]))
    .describe("One per service holding the person's data: its confirmation, or `pending`."),
  noticeEventId: z.string().optional().describe("The erasure notice's webhook event id (`webhook-id`), the same for every recipient."),
  recipients: z
    .array(
      z.object({
        subscriptionId: z.string(),
        status: z.enum(NOTICE_STATUSES),
        attempts: z.int().min(0),
        deliveredAt: instant.optional(),
        failedAt: instant.optional(),
        lastError: z.string().optional(),
      }),
    )
    .nullable()
    .describe("Each webhook subscription that was sent the student's data, with its notice's result; null until known."),
});

export type ErasureRequestView = z.output<typeof ErasureRequestViewSchema>;

export const ErasureRequestPageSchema = z.object({
  items: z.array(ErasureRequestViewSchema),
  nextCursor: z.string().optional().describe('Pass as `before` for the next page; absent on the last page.'),
});

export type ErasureRequestPage = z.output<typeof ErasureRequestPageSchema>;
