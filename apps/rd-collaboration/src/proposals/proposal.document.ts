import { Money } from '../shared/money';
import { ProposalStage } from './domain/proposal-stages';

export interface TeamMember {
  kind: 'teacher' | 'student';
  personId: string;
  name: string;
  role: string;
  /** Set when the student was erased: kept under a pseudonym, with no name or role (ADR 0041). */
  erased?: true;
}

export interface Review {
  reviewerId: string;
  scores: Record<string, number>;
  comment: string;
  at: Date;
}

export interface ProposalDocument {
  _id: string;
  challengeId: string;
  enterpriseId: string;
  schoolId: string;
  title: string;
  approach: string;
  team: TeamMember[];
  plan: Array<{ title: string; weeks: number }>;
  budget: Money;
  stage: ProposalStage;
  history: Array<{ stage: ProposalStage; at: Date; reason?: string }>;
  reviewerIds: string[];
  /** Keyed by reviewer id (a restricted charset, so safe as a field name). */
  reviews: Record<string, Review>;
  submittedAt: Date;
  /**
   * The challenge id, set with the move to selected: unique across proposals, so two selections
   * racing for one challenge cannot both be stored. Absent on proposals selected before it existed.
   */
  selectedForChallenge?: string;
  /**
   * Set (with `selectedForChallenge` removed) when another selection found this one lapsed and
   * freed the challenge (ADR 0085): it stays selected and finished, and no project is made from it.
   */
  selectionReleasedAt?: Date;
  /**
   * Set by a project request just before it stores the project (ADR 0085), only while the selection
   * was not released: a release then is refused, so a project and a release racing cannot both win.
   * It does not stop the lapse: without a stored project the selection still lapses (ADR 0077). Once
   * older than PROJECT_CLAIM_GRACE_MS with no project stored it holds nothing: a selection of another
   * proposal releases it (ADR 0085, addendum); it stays set, a record of the claim that made nothing.
   */
  projectClaimedAt?: Date;
  /**
   * The Idempotency-Key it was created under and the fingerprint of that request (ADR 0083): the
   * id is derived from the caller and the key, so a retry finds it and is told from another request.
   * The fingerprint is removed when a team member is erased (a hash over their name).
   */
  idempotency?: { key: string; fingerprint?: string };
}
