import { z } from 'zod';
import { PLACEMENT_KINDS } from '../placement/placement-kind';
import { AGREEMENT_PROGRAMMES } from './agreement-programmes';

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
  /**
   * The programmes the agreement covers (`placements`, `secondments`, `rd`), as the partners
   * stated them. Absent on agreements recorded without them (and on every event published
   * before the field existed): consumers then derive them with `agreementProgrammes`.
   */
  programmes: z.array(z.enum(AGREEMENT_PROGRAMMES)).min(1).max(AGREEMENT_PROGRAMMES.length).optional(),
  status: z.enum(AGREEMENT_STATUSES),
  /** The agreement's version in the talent pipeline; grows by one with every change. */
  version: z.number().int().positive(),
});

export type AgreementState = z.infer<typeof AgreementStateSchema>;
