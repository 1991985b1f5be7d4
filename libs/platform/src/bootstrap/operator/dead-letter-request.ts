import { z } from 'zod';
import { DeadLetterFilter, decodeDeadLetterCursor } from '@app/messaging';
import { parseRequest, RequestPart } from '@app/base';

const offset = z.string().regex(/^\d{1,19}$/, 'must be a decimal offset');
const isoTime = z.iso.datetime({ offset: true });
const shortText = z.string().min(1).max(200);

/** Which dead letters a list or replay is about. */
const FilterFields = {
  records: z
    .array(z.strictObject({ partition: z.number().int().min(0).max(10_000), offset }))
    .min(1)
    .max(1_000)
    .optional(),
  reason: z.enum(['malformed', 'invalid', 'no-handler', 'handler-failed']).optional(),
  eventType: shortText.optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  notReplayed: z.boolean().optional(),
  /** Defaults to this service's consumer group; `*` means every group's dead letters. */
  consumerGroup: shortText.optional(),
};

/** A `nextCursor` of an earlier answer (same filters): where this read starts. The store's own parser decides. */
// 16,000 characters: what a query string can hold under Node's default header limit (16 KiB), a few
// hundred partitions with their ends; dead-letter topics have a handful.
const cursor = z
  .string()
  .max(16_000)
  .superRefine((text, ctx) => {
    try {
      decodeDeadLetterCursor(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a cursor this API gave: ${(error as Error).message}` });
    }
  });

/**
 * POST .../replay: one record, a filter, or `all: true`; an empty body replays nothing. A replay
 * by filter (or all) is one bounded read, going on from `after`; records named are replayed as named.
 */
export const ReplayRequestSchema = z
  .strictObject({
    ...FilterFields,
    all: z.literal(true).optional(),
    limit: z.number().int().min(1).max(1_000).optional(),
    after: cursor.optional(),
  })
  .refine((r) => r.all === true || r.records || r.reason || r.eventType || r.since || r.until || r.notReplayed, {
    message: 'name records, a filter (reason, eventType, since, until, notReplayed) or all: true',
    path: ['all'],
  })
  .refine((r) => r.after === undefined || r.records === undefined, {
    message: 'pages a replay by filter (or all): records named are replayed as named, without a cursor',
    path: ['after'],
  });

export const ListQuerySchema = z.strictObject({
  reason: FilterFields.reason,
  eventType: FilterFields.eventType,
  since: FilterFields.since,
  until: FilterFields.until,
  consumerGroup: FilterFields.consumerGroup,
  partition: z.coerce.number().int().min(0).max(10_000).optional(),
  offset: offset.optional(),
  notReplayed: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  /** A `nextCursor` of an earlier page (same filters): where this page's read starts. */
  after: cursor.optional(),
});

/** A list query or replay body, parsed: a 400 `the query is invalid` (or body) names each field as every route does (ADR 0086). */
export function parseOrProblem<T extends z.ZodType>(schema: T, value: unknown, where: RequestPart): z.infer<T> {
  return parseRequest(schema, value, where, `the ${where} is invalid`);
}

export function toFilter(
  input: {
    records?: { partition: number; offset: string }[];
    reason?: string;
    eventType?: string;
    since?: string;
    until?: string;
    notReplayed?: boolean;
    consumerGroup?: string;
  },
  ownGroup: string,
): DeadLetterFilter {
  const group = input.consumerGroup ?? ownGroup;
  return {
    records: input.records,
    reason: input.reason,
    eventType: input.eventType,
    since: input.since ? new Date(input.since) : undefined,
    until: input.until ? new Date(input.until) : undefined,
    notReplayed: input.notReplayed,
    consumerGroup: group === '*' ? undefined : group,
  };
}
