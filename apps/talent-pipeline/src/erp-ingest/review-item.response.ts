import { z } from 'zod';
import {
  cloudEventSchemaOf,
  ErpHire,
  ErpOffer,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStart,
  ErpPlacementStartRescinded,
} from '@app/contracts';
import { AGREEMENT_PARTIES } from '../placements/domain/agreement-sign-off';
import { REVIEW_STATUSES } from './review-status';

/** The ERP events a review item can hold and an operator can link to a placement (the others are only rejected). */
export const LINKABLE_ERP_EVENTS = [
  ErpHire,
  ErpOffer,
  ErpPlacementStart,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStartRescinded,
] as const;

/** What a review queue answer carries (list, resolve, reject), documented in the OpenAPI document from this schema. */
const instant = z.iso.datetime({ offset: true });

export const ReviewItemViewSchema = z.object({
  id: z.string().describe('URL-safe id of the item (base64url of `key`), for resolve and reject.'),
  key: z.string().describe("The ERP event's dedupe key (`source|id`)."),
  enterpriseId: z.string(),
  event: cloudEventSchemaOf([...LINKABLE_ERP_EVENTS]).describe(
    'The held ERP event as received (after a student\'s erasure, its person id values read "[erased]").',
  ),
  reason: z.string().describe('Why the event was held.'),
  status: z.enum(REVIEW_STATUSES).describe("`resolving` while an operator's link is being applied."),
  queuedAt: instant,
  resolution: z
    .object({
      placementId: z.string(),
      studentId: z.string().optional().describe('Set when the operator linked by student.'),
      at: instant.optional().describe('When the link was applied; absent while resolving.'),
      automatic: z
        .discriminatedUnion('on', [
          z.object({
            on: z.literal('agreement-signed'),
            lastSignature: z.object({
              party: z.enum(AGREEMENT_PARTIES).describe('The party whose signature completed the agreement.'),
              signedAt: instant,
            }),
          }),
          z.object({
            on: z.literal('start-rescinded'),
            rescissionEventId: z.string().describe("The id of the ERP's rescission that took the held start back."),
          }),
        ])
        .optional()
        .describe(
          "Set when the platform resolved the item itself (ADR 0079): `agreement-signed`, a start held for the agreement's signatures, applied (or found rescinded) when the last one was recorded; `start-rescinded`, a start held for signatures that the ERP's rescission took back, resolved when the rescission arrived. Absent for an operator's link.",
        ),
      superseded: z
        .string()
        .optional()
        .describe(
          "Set when the platform resolved the item without applying it, saying why: a start held for the agreement's signatures that the ERP rescinded (the placement's `rescindedStart`), found so when the rescission arrived or at the last signature (ADR 0079). The placement was not started.",
        ),
    })
    .optional(),
  rejection: z.object({ reason: z.string(), at: instant }).optional(),
});

export type ReviewItemView = z.output<typeof ReviewItemViewSchema>;

export const ReviewItemListSchema = z.object({ items: z.array(ReviewItemViewSchema) });

export type ReviewItemList = z.output<typeof ReviewItemListSchema>;
