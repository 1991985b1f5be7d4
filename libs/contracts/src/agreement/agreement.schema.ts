import { z } from 'zod';
import { PLACEMENT_KINDS } from '../placement/placement-kind';

/** An agreement lists the kinds of placement it covers: any kind of placement. */
export const AGREEMENT_PLACEMENT_KINDS = PLACEMENT_KINDS;
export type AgreementPlacementKind = (typeof AGREEMENT_PLACEMENT_KINDS)[number];

export const AGREEMENT_STATUSES = ['draft', 'active', 'suspended', 'terminated', 'expired'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

const calendarDate = z.iso.date();

/**
 * The whole agreement as it stands after the change. Every agreement event carries it, so a
 * consumer keeps its copy by replacing it with the newest `version` (event-carried state).
 */
export const AgreementStateSchema = z.object({
  agreementId: z.string().min(1),
  schoolId: z.string().min(1),
  enterpriseId: z.string().min(1),
  scope: z.string().min(1),
  period: z.object({ from: calendarDate, to: calendarDate }),
  placementKinds: z.array(z.enum(AGREEMENT_PLACEMENT_KINDS)).min(1),
  status: z.enum(AGREEMENT_STATUSES),
  /** The agreement's version in the talent pipeline; grows by one with every change. */
  version: z.number().int().positive(),
});

export type AgreementState = z.infer<typeof AgreementStateSchema>;
