import { AggregateDocument } from '@app/persistence';
import { Refusal } from './domain/refusal';

/**
 * The talent pipeline's latest answer to an R&D placement proposal, under the placement id the
 * proposal named, with the event that tells the R&D project in its outbox. A proposal refused
 * and later proposed again is answered again on the same document. No student data: the
 * proposal's project and participation say whose it is.
 */
export interface RdPlacementDecisionDocument extends AggregateDocument {
  projectId: string;
  participationId: string;
  status: 'accepted' | 'refused';
  /** Why it was refused; null once accepted. */
  refusal: Refusal | null;
  /** The CloudEvent id of the rd.placement.proposed.v1 answered. */
  proposalEventId: string;
  decidedAt: Date;
}
