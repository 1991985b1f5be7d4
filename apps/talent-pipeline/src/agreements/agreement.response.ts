import { z } from 'zod';
import { AGREEMENT_PLACEMENT_KINDS, AGREEMENT_PROGRAMMES, AGREEMENT_STATUSES } from '@app/contracts';

/** What an agreement answer carries (create, read, list, status change), documented in the OpenAPI document from this schema. */
const instant = z.iso.datetime({ offset: true });
const status = z.enum(AGREEMENT_STATUSES);

export const AgreementViewSchema = z.object({
  id: z.uuid(),
  schoolId: z.string(),
  enterpriseId: z.string(),
  scope: z.string().describe("What the cooperation covers, in the partners' own words."),
  period: z.object({ from: z.iso.date(), to: z.iso.date() }).describe('Calendar dates, both included.'),
  placementKinds: z.array(z.enum(AGREEMENT_PLACEMENT_KINDS)),
  programmes: z
    .array(z.enum(AGREEMENT_PROGRAMMES))
    .optional()
    .describe('The programmes the agreement covers, when the operator stated them; absent on agreements recorded without.'),
  status,
  history: z
    .array(z.object({ status, at: instant, reason: z.string().optional() }))
    .describe('Every status the agreement had, oldest first.'),
  createdAt: instant,
  version: z.int().describe('Increases with every change.'),
});

export type AgreementView = z.output<typeof AgreementViewSchema>;

export const AgreementListSchema = z.object({ items: z.array(AgreementViewSchema) });

export type AgreementList = z.output<typeof AgreementListSchema>;
