import { SecondmentStatus } from '@app/contracts';
import { DeliverableKind } from '../../shared/deliverable-kinds';

export interface Approval {
  by: string;
  at: string;
}

export interface PracticeLog {
  logId: string;
  date: string;
  hours: number;
  tasks: string[];
  evidence: string[];
  loggedBy: string;
  loggedAt: string;
  countersignedBy?: string;
  countersignedAt?: string;
}

export interface MentorEvaluation {
  score: number;
  competencies: Record<string, number>;
  comment?: string;
  evaluatedBy: string;
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
