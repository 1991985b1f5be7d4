import { z } from 'zod';
import { AGREEMENT_PLACEMENT_KINDS, AGREEMENT_PROGRAMMES, AGREEMENT_STATUSES } from '@app/contracts';
import { AgreementCopyDocument } from './agreement-copy.document';
import { PartnerCopyDocument } from './partner-copy.document';

/** A partner as this service's copy of the registry shows it (the OpenAPI document's schema of the answer). */
export const PartnerCopyViewSchema = z.object({
  id: z.uuid().describe("The partner's id in the talent pipeline's registry."),
  kind: z.enum(['school', 'enterprise']),
  name: z.string(),
  country: z.string(),
  industry: z.string().optional().describe('Enterprises that stated one.'),
  registeredAt: z.iso.datetime().describe('When the talent pipeline registered the partner (ISO 8601).'),
});
export type PartnerCopyView = z.output<typeof PartnerCopyViewSchema>;

/** An agreement as it stands in this service's copy; its status history stays internal (the scorecard reads it). */
export const AgreementCopyViewSchema = z.object({
  id: z.uuid().describe("The agreement's id in the talent pipeline."),
  schoolId: z.string(),
  enterpriseId: z.string(),
  scope: z.string(),
  period: z.object({ from: z.iso.date(), to: z.iso.date() }),
  placementKinds: z.array(z.enum(AGREEMENT_PLACEMENT_KINDS)),
  programmes: z.array(z.enum(AGREEMENT_PROGRAMMES)).optional().describe('Absent when the agreement states none.'),
  status: z.enum(AGREEMENT_STATUSES),
  version: z.int().describe("The agreement's version in the talent pipeline; grows by one with every change."),
});
export type AgreementCopyView = z.output<typeof AgreementCopyViewSchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export function partnerCopyView(copy: PartnerCopyDocument): PartnerCopyView {
  const { _id, kind, name, country, industry, registeredAt } = copy;
  // A copy of an enterprise registered without an industry stores null (the driver writes undefined as null).
  return { id: _id, kind, name, country, ...(industry ? { industry } : {}), registeredAt };
}

export function agreementCopyView(copy: AgreementCopyDocument): AgreementCopyView {
  const { _id, schoolId, enterpriseId, scope, period, placementKinds, programmes, status, version } = copy;
  return {
    id: _id,
    schoolId,
    enterpriseId,
    scope,
    period: { from: period.from, to: period.to },
    placementKinds,
    ...(programmes?.length ? { programmes } : {}),
    status,
    version,
  };
}
