import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/**
 * Canonical ERP start of a placement: the student's first day at the enterprise. The placement
 * becomes active only once its three-party agreement is signed (ADR 0079). Names the placement
 * as a hire does.
 */
export const ErpPlacementStart = defineEventContract({
  type: 'erp.placement-start.v1',
  topic: Topics.erpInbound,
  description: "An enterprise ERP reports a student's first day at the enterprise on a placement.",
  schema: erpPlacementEventData({
    startDate: z.iso.date(),
  }),
});
