import { z } from 'zod';
import { DisclosureRecorded, ErasureConfirmed } from '@app/contracts';

/**
 * What the operator's privacy routes answer: the disclosure ledger entries are the data of
 * privacy.disclosure.recorded.v1 (each is also published as one), and an erasure proof carries
 * the actions of privacy.erasure.confirmed.v1.
 */
export const DisclosuresSchema = z.object({
  personId: z.string(),
  items: z.array(DisclosureRecorded.schema).describe('Newest first (at most 1000).'),
});

export const ErasureProofSchema = z.object({
  requestId: z.string(),
  version: z.int(),
  personIdSha256: z.string().describe('The person appears only as the SHA-256 (hex) of their id.'),
  actions: ErasureConfirmed.schema.shape.actions.describe('Per store checked: what was done to which fields, how many records.'),
  status: z.literal('confirmed'),
  receivedAt: z.iso.datetime({ offset: true }),
  confirmation: z
    .object({
      eventId: z.string().describe('The id of the privacy.erasure.confirmed.v1 published.'),
      confirmedAt: z.iso.datetime({ offset: true }),
    })
    .optional(),
});

export type Disclosures = z.output<typeof DisclosuresSchema>;
export type ErasureProof = z.output<typeof ErasureProofSchema>;
