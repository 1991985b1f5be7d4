import { z } from 'zod';
import { DisclosureRecorded, ErasureConfirmed } from '@app/contracts';

/**
 * What the operator's privacy reads carry, documented in the OpenAPI document from these schemas.
 * A ledger entry is exactly the data of the privacy.disclosure.recorded.v1 it was published as.
 */
export const DisclosureLedgerSchema = z.object({
  personId: z.string(),
  items: z.array(DisclosureRecorded.schema).describe('Newest first; after an erasure the entries are kept under the pseudonym.'),
});
export type DisclosureLedger = z.output<typeof DisclosureLedgerSchema>;
export type DisclosureEntry = DisclosureLedger['items'][number];

export const ErasureViewSchema = z.object({
  requestId: z.string(),
  personIdSha256: z.string().describe("SHA-256 (hex) of the erased person's id: which request erased whom, with no personal value."),
  actions: ErasureConfirmed.schema.shape.actions.describe('Per store: what was done to which fields, and how many records.'),
  status: z.enum(['erasing', 'confirmed']),
  receivedAt: z.iso.datetime({ offset: true }),
  confirmation: z
    .object({
      eventId: z.string().describe('The id of the privacy.erasure.confirmed.v1 this service published.'),
      confirmedAt: z.iso.datetime({ offset: true }),
    })
    .optional()
    .describe('Absent while erasing.'),
});
export type ErasureView = z.output<typeof ErasureViewSchema>;
