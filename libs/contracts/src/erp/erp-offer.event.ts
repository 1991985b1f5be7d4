import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { erpPlacementEventData } from './erp-placement-reference';

/** The recruiting stages of an offer an ERP reports (ADR 0079). */
export const ERP_OFFER_STATUSES = ['extended', 'accepted', 'declined', 'withdrawn'] as const;
export type ErpOfferStatus = (typeof ERP_OFFER_STATUSES)[number];

/**
 * Canonical ERP offer: where the enterprise's offer of a placement to a student stands in its
 * recruiting process: made (`extended`), accepted by the candidate, declined by the candidate,
 * or withdrawn by the enterprise. Names the placement as a hire does.
 */
export const ErpOffer = defineEventContract({
  type: 'erp.offer.v1',
  topic: Topics.erpInbound,
  description: 'An enterprise ERP reports the stage of its offer of a placement to a student: extended, accepted, declined or withdrawn.',
  schema: erpPlacementEventData({
    status: z.enum(ERP_OFFER_STATUSES),
    /** When the enterprise made the offer, as the ERP recorded it (for the audit trail; the order is the event's `time`). */
    offeredAt: z.iso.date().optional(),
    /** When the candidate accepted or declined, or the enterprise withdrew, as the ERP recorded it. */
    respondedAt: z.iso.date().optional(),
  }),
});
