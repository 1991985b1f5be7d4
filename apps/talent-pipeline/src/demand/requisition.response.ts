import { REQUISITION_KINDS, REQUISITION_STATUSES } from '@app/contracts';
import { z } from 'zod';

/**
 * What a requisition answer carries, documented in the OpenAPI document from this schema;
 * requisitionView returns its output type, so the two cannot drift apart.
 */
const instant = z.iso.datetime({ offset: true });
const status = z.enum(REQUISITION_STATUSES);

export const SkillViewSchema = z.object({
  label: z.string(),
  escoUri: z.string().optional().describe('The ESCO skill URI, when known.'),
});

export const RequisitionViewSchema = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  role: z.string(),
  skills: z.array(SkillViewSchema),
  headcount: z.int().min(1),
  kind: z.enum(REQUISITION_KINDS),
  period: z.object({ from: z.iso.date(), to: z.iso.date() }).describe('Calendar dates, both included.'),
  location: z.string(),
  status,
  erp: z
    .object({
      requisitionId: z.string().describe("The ERP's own requisition id."),
      positionId: z
        .object({ value: z.string(), schemeId: z.string(), schemeAgencyId: z.string().optional() })
        .optional()
        .describe("The position's HR Open Standards identifier."),
    })
    .optional()
    .describe('Present when the requisition came from the ERP (erp.requisition.v1).'),
  history: z.array(
    z.object({
      status,
      at: instant,
      cause: z.string().describe('`http`, `<event type> <event source> <event id>` of the ERP event, or `placement <id> accepted`.'),
    }),
  ),
  createdAt: instant,
  updatedAt: instant,
  version: z.int(),
});

export type RequisitionView = z.output<typeof RequisitionViewSchema>;

export const RequisitionListSchema = z.object({ items: z.array(RequisitionViewSchema).describe('Newest first, at most 500.') });

export type RequisitionList = z.output<typeof RequisitionListSchema>;
