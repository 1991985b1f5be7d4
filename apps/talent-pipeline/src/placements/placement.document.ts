import { PlacementKind } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';
import { AgreementSignature } from './domain/agreement-sign-off';
import { Evaluation } from './domain/evaluation';
import { PlacementStatus } from './domain/placement-lifecycle';
import { ScheduledStart } from './domain/erp-start';
import { ScheduledEnd } from './domain/scheduled-end';
import { StepRescission } from './domain/scheduled-step';

export type { PlacementKind };

export interface PlacementDocument extends AggregateDocument {
  studentId: string;
  schoolId: string;
  enterpriseId: string;
  /**
   * The student's, copied so outcome events and reports need no join; kept in step with the
   * student's when a profile change moves them (PlacementsService.regroupStudent, ADR 0088).
   */
  programme: string;
  cohort: string;
  /** The requisition this placement fills, when it was proposed for one. */
  requisitionId?: string;
  kind: PlacementKind;
  role: string;
  startDate: string;
  endDate?: string;
  status: PlacementStatus;
  history: { status: PlacementStatus; at: Date; cause: string }[];
  hire?: { positionTitle: string; hireDate: string };
  /** The student is a minor: the guardian signs the agreement instead of the student. */
  guardianRequired?: boolean;
  /** Three-party agreement; all required parties must sign before the placement is active. */
  agreement?: { signatures: AgreementSignature[] };
  evaluations?: (Evaluation & { id: string })[];
  endOfPlacement?: EndOfPlacement;
  /**
   * An ERP's end dated after the day it arrived, applied by the scheduler on `dueOn` (ADR 0076);
   * null once a transition took the placement out of `active` (the schedule is dropped then).
   */
  scheduledEnd?: ScheduledEnd | null;
  /**
   * An ERP's start dated after the day it arrived, applied by the scheduler on its first day
   * (ADR 0079); null once a transition took the placement out of `accepted`.
   */
  scheduledStart?: ScheduledStart | null;
  /**
   * The ERP's last rescission of a scheduled start / end (ADR 0079): a start / end whose ERP event
   * time is not later than it is not scheduled or applied again. Kept when the placement moves on.
   */
  rescindedStart?: StepRescission;
  rescindedEnd?: StepRescission;
  createdAt: Date;
  /** Proposed with an Idempotency-Key only: the digest of the proposal (proposalDigestOf, ADR 0094). */
  proposalDigest?: string;
  /** Set when the student was erased: the row stays for reports, with the student id as a bare pseudonym (docs/privacy.md). */
  studentPseudonymisedAt?: Date;
}

export interface EndOfPlacement {
  reason?: string;
  hoursLogged: number;
  evaluation: { count: number; averageScore: number | null; competencies: Record<string, number> };
}
