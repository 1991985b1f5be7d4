import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/**
 * Canonical ERP end of a placement: the internship, apprenticeship or work-study ended at the
 * enterprise, as planned (`completed`) or early (`terminated`). Like a hire, it names the
 * placement if the ERP knows the platform's id, otherwise the student by HR Open identifiers.
 */
export const ErpPlacementEnd = defineEventContract({
  type: 'erp.placement-end.v1',
  topic: Topics.erpInbound,
  description: "An enterprise ERP reports that a student's placement ended: completed as planned, or terminated early.",
  schema: erpPlacementEventData({
    outcome: z.enum(['completed', 'terminated']),
    /** Free text from the HR system; it may describe the student, so an erasure removes it. */
    endReason: z.string().min(1).max(500).optional(),
    /**
     * The student's last day at the enterprise, when the ERP says (additive in v1): an end whose
     * last day is after the day it arrives (UTC) keeps the placement active and is applied the
     * day after; the school's outcome carries the day (ADR 0076).
     */
    lastDay: z.iso.date().optional(),
  }),
});
