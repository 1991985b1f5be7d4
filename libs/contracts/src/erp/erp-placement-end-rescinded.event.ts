import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/**
 * Canonical ERP rescission of a placement's end: HR entered a termination or a contract end
 * ahead of time (an `erp.placement-end.v1` with a future `lastDay`) and took it back before it
 * took effect (a rescinded termination, a contract extended). The placement names it as an end
 * does; `rescindedEventId`, when given, is the CloudEvent id of the end it takes back (same
 * `source`), and must be the end scheduled on the placement (ADR 0079). `lastDay`, when given, is
 * the last day of the end it takes back (the `lastDay` that end carried): only a scheduled end of
 * that last day is taken back; one of another day is a correction made meanwhile and stands.
 */
export const ErpPlacementEndRescinded = defineEventContract({
  type: 'erp.placement-end-rescinded.v1',
  topic: Topics.erpInbound,
  description: "An enterprise ERP takes back a placement's end it reported ahead of time, before the end took effect.",
  schema: erpPlacementEventData({
    rescindedEventId: z.string().min(1).max(256).optional(),
    lastDay: z.iso.date().optional(),
  }),
});
