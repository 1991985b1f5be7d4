import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/**
 * Canonical ERP rescission of a placement's start: HR entered the student's first day ahead of
 * time (an `erp.placement-start.v1` with a future `startDate`) and took it back before that day
 * (the start postponed without a new date, the hire on hold). The placement names it as a start
 * does; `rescindedEventId`, when given, is the CloudEvent id of the start it takes back (same
 * `source`), and must be the start scheduled on the placement (ADR 0079). The mirror of
 * `erp.placement-end-rescinded.v1`. `firstDay`, when given, is the first day of the start it takes
 * back (an ERP that cannot name the event, as SuccessFactors deleting a record, names the day):
 * only a scheduled start of that day is taken back; a start of another day is a correction HR
 * made meanwhile and stands.
 */
export const ErpPlacementStartRescinded = defineEventContract({
  type: 'erp.placement-start-rescinded.v1',
  topic: Topics.erpInbound,
  description: "An enterprise ERP takes back a placement's start it reported ahead of time, before the first day.",
  schema: erpPlacementEventData({
    rescindedEventId: z.string().min(1).max(256).optional(),
    firstDay: z.iso.date().optional(),
  }),
});
