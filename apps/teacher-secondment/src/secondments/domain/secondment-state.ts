import { SecondmentStatus } from '@app/contracts';
import { DeliverableKind } from '../../shared/deliverable-kinds';

export interface Approval {
  by: string;
  at: string;
}

/**
 * Who signed for the host: the mentor by its own identity (a mentor key), or the enterprise's
 * (or the operator's) key, as before mentors had keys (ADR 0025 amendment).
 */
export type HostSigner =
  { role: 'mentor'; id: string; name: string } | { role: 'enterprise'; id: string } | { role: 'operator'; id: 'operator' };

export interface PracticeLog {
  logId: string;
  date: string;
  hours: number;
  tasks: string[];
  evidence: string[];
  loggedBy: string;
  loggedAt: string;
  /** The actor string (`mentor:<id>`, `enterprise:<id>`, `operator`); `countersigner` says who in full. */
  countersignedBy?: string;
  countersignedAt?: string;
  /** Absent on logs countersigned before mentors had keys (those were countersigned with an enterprise key). */
  countersigner?: HostSigner;
}

export interface MentorEvaluation {
  score: number;
  competencies: Record<string, number>;
  comment?: string;
  evaluatedBy: string;
  /** Absent on evaluations written before mentors had keys. */
  evaluator?: HostSigner;
  evaluatedAt: string;
}

export interface Deliverable {
  deliverableId: string;
  kind: DeliverableKind;
  title: string;
  url?: string;
  addedBy: string;
  addedAt: string;
}

/** A secondment as the lifecycle rules see it. */
export interface SecondmentState {
  status: SecondmentStatus;
  period: { start: string; end: string };
  approvals: { school?: Approval; enterprise?: Approval };
  logs: PracticeLog[];
  evaluation?: MentorEvaluation;
  deliverables: Deliverable[];
  startedOn?: string;
  endedOn?: string;
  reason?: string;
}
