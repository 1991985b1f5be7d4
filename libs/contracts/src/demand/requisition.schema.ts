import { z } from 'zod';
import { HrOpenIdentifierSchema } from '../hr-open-identifier';

export const REQUISITION_KINDS = ['internship', 'apprenticeship', 'work-study', 'job'] as const;
export type RequisitionKind = (typeof REQUISITION_KINDS)[number];

export const REQUISITION_STATUSES = ['open', 'filled', 'closed'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

/** A skill asked for or held: a free label, and the ESCO skill URI when known. */
export const SkillSchema = z.object({
  label: z.string().min(1),
  escoUri: z.string().min(1).optional(),
});

export type Skill = z.infer<typeof SkillSchema>;

/** Calendar dates (YYYY-MM-DD), both inclusive. */
export const DatePeriodSchema = z.object({ from: z.iso.date(), to: z.iso.date() }).refine((p) => p.from <= p.to, {
  message: 'from must not be after to',
  path: ['to'],
});

/**
 * The full state of a requisition as events carry it (ids, never personal data), so consumers
 * can keep a copy without calling back.
 */
export const RequisitionSnapshotSchema = z.object({
  requisitionId: z.string().min(1),
  enterpriseId: z.string().min(1),
  role: z.string().min(1),
  skills: z.array(SkillSchema),
  headcount: z.number().int().min(1),
  kind: z.enum(REQUISITION_KINDS),
  period: DatePeriodSchema,
  location: z.string().min(1),
  status: z.enum(REQUISITION_STATUSES),
  /** Set when the requisition came from an ERP: its own id and the position's HR Open identifier. */
  erp: z.object({ requisitionId: z.string().min(1), positionId: HrOpenIdentifierSchema.optional() }).optional(),
  occurredAt: z.iso.datetime(),
});

export type RequisitionSnapshot = z.infer<typeof RequisitionSnapshotSchema>;
