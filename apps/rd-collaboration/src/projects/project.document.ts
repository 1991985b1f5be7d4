import { RdPlacementRefusalReason } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';
import { Amount, Delivery, Pledge, Side } from './domain/ledger';
import { ParticipantCheck } from './domain/participant-check';
import { ParticipantWithdrawal } from './domain/participant-withdrawal';
import { MilestoneStatus, Period } from './domain/project-rules';

export const IP_OWNERSHIP = ['enterprise', 'school', 'joint'] as const;
export const OUTCOME_KINDS = ['patent', 'product', 'process-improvement', 'technology-transfer', 'publication'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface ProjectTerms {
  ip: {
    ownership: (typeof IP_OWNERSHIP)[number];
    licence: string;
    revenueShare: { enterpriseBasisPoints: number; schoolBasisPoints: number };
  };
  budget: Amount;
  confidentiality: 'public' | 'confidential';
  period: Period;
}

export interface Participant {
  participationId: string;
  kind: 'teacher' | 'student';
  personId: string;
  name: string;
  role: string;
  secondmentId?: string;
  placementId?: string;
  /** The student's proposal for an R&D internship at the project's enterprise (one per participation). */
  placementProposal?: PlacementProposal;
  joinedAt: string;
  /**
   * The owner's confirmation that the person exists and is the project's school's (ADR 0082);
   * absent on participations added before checks existed (shown as `unchecked`).
   */
  check?: ParticipantCheck;
  /** Set when the school took the participant off the project; the row stays in its history (ADR 0082, addendum). */
  withdrawal?: ParticipantWithdrawal;
  /** Set when the student was erased: the row stays (counts), under a pseudonym, with no name or role (ADR 0041). */
  erased?: true;
}

/**
 * Published as rd.placement.proposed.v1: the talent pipeline creates the placement under
 * `placementId`, and its outcomes are linked back (placementLinks, "led to a hire").
 */
export interface PlacementProposal {
  placementId: string;
  role: string;
  startDate: string;
  endDate?: string;
  proposedBy: 'enterprise' | 'school' | 'operator';
  proposedAt: string;
  /** The CloudEvent id it was published under: the talent pipeline's answer names it (absent on proposals made before answers existed). */
  proposalEventId?: string;
  /** The talent pipeline's answer (talent.rd-placement-decision.v1); absent while it is awaited. */
  decision?: PlacementDecision;
  /**
   * The earlier sendings of these same terms that went unanswered (ADR 0070, addendum), oldest
   * first, each with the answer that came for it after all (`lateAnswer`).
   */
  unansweredAttempts?: UnansweredAttempt[];
}

/** A sending of a placement proposal that got no answer in time and was sent again under a new event id. */
export interface UnansweredAttempt {
  proposalEventId?: string;
  proposedBy: 'enterprise' | 'school' | 'operator';
  proposedAt: string;
  lateAnswer?: PlacementDecision;
}

/** Accepted: the placement exists (status proposed). Refused: nothing was created, and the project may propose again. */
export interface PlacementDecision {
  status: 'accepted' | 'refused';
  reason?: RdPlacementRefusalReason;
  detail?: string;
  decidedAt: string;
}

export interface HoursEntry {
  entryId: string;
  participationId: string;
  personId: string;
  date: string;
  hours: number;
  activity: string;
  /** Only teachers' hours are published for the secondment service. */
  published: boolean;
}

export interface Milestone {
  milestoneId: string;
  title: string;
  deliverables: string[];
  dueOn: string;
  status: MilestoneStatus;
  history: Array<{ status: MilestoneStatus; at: string; by: Side | 'operator'; note?: string }>;
}

export interface ChangeRequest {
  changeRequestId: string;
  proposedBy: Side;
  description: string;
  newEnd?: string;
  status: 'proposed' | 'approved' | 'rejected';
  proposedAt: string;
  decidedAt?: string;
}

export interface Outcome {
  outcomeId: string;
  kind: OutcomeKind;
  title: string;
  recordedAt: string;
  patent?: {
    status: 'filed' | 'granted';
    applicationNumber: string;
    patentNumber?: string;
    office: string;
    filedOn: string;
    grantedOn?: string;
  };
  product?: { name: string; novelty: 'new' | 'improved' };
  measurement?: { metric: string; unit: string; baseline: number; result: number };
  transfer?: { licensee: string; agreementRef: string; signedOn: string };
  publication?: { citation: string; doi?: string };
}

export interface PlacementLink {
  placementId: string;
  studentId: string;
  status: string;
  ledToHire: boolean;
  hire?: { positionTitle: string; hireDate: string };
  linkedAt: string;
}

export interface ProjectDocument extends AggregateDocument {
  challengeId: string;
  proposalId: string;
  enterpriseId: string;
  schoolId: string;
  title: string;
  terms: ProjectTerms;
  pledges: Pledge[];
  deliveries: Delivery[];
  participants: Participant[];
  hours: HoursEntry[];
  milestones: Milestone[];
  changeRequests: ChangeRequest[];
  outcomes: Outcome[];
  placementLinks: PlacementLink[];
  ledToHire: boolean;
  status: 'active' | 'closed';
  closure?: { summary: string; lessonsLearned: string; closedAt: string };
  createdAt: string;
  /**
   * The Idempotency-Key it was created under and the fingerprint of that request (ADR 0083,
   * addendum): the id is derived from the caller and the key, so a retry finds it and is told from
   * another request. The request names no person (proposal, title, terms, pledges).
   */
  idempotency?: { key: string; fingerprint: string };
}
