import { z } from 'zod';
import { PLACEMENT_KINDS } from './placement-kind';

export const PLACEMENT_OUTCOMES = ['started', 'completed', 'terminated', 'hired'] as const;
export type PlacementOutcomeKind = (typeof PLACEMENT_OUTCOMES)[number];

/** The data every placement outcome event carries: ids, programme and cohort, never names. */
export const PlacementOutcomeSchema = z.object({
  placementId: z.string().min(1),
  schoolId: z.string().min(1),
  enterpriseId: z.string().min(1),
  studentId: z.string().min(1),
  programme: z.string().min(1),
  cohort: z.string().min(1),
  kind: z.enum(PLACEMENT_KINDS),
  role: z.string().min(1),
  outcome: z.enum(PLACEMENT_OUTCOMES),
  occurredAt: z.iso.datetime(),
  /** Present when an ERP event caused the outcome: the CloudEvent that did it. */
  causedBy: z.object({ source: z.string(), id: z.string(), type: z.string() }).optional(),
  hire: z.object({ positionTitle: z.string(), hireDate: z.string() }).optional(),
  /** Present on completed and terminated: how the placement ended (additive in v1). */
  endOfPlacement: z
    .object({
      reason: z.string().optional(),
      /** The student's last day at the enterprise, when the ERP that ended it said (additive in v1). */
      lastDay: z.iso.date().optional(),
      hoursLogged: z.number().nonnegative(),
      evaluation: z.object({
        count: z.number().int().nonnegative(),
        averageScore: z.number().nullable(),
        competencies: z.record(z.string(), z.number()),
      }),
    })
    .optional(),
});

export type PlacementOutcome = z.infer<typeof PlacementOutcomeSchema>;
