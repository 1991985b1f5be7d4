import { DoubleQualifiedTier, PlacementKind } from '@app/contracts';

/** Local copies of other services' facts about people, built only from their events (never their databases). */

export const PLACEMENT_OUTCOME_ORDER = ['started', 'completed', 'terminated', 'hired'] as const;
export type PlacementOutcomeName = (typeof PLACEMENT_OUTCOME_ORDER)[number];

export interface PlacementCopy {
  _id: string;
  studentId: string;
  schoolId: string;
  enterpriseId: string;
  kind: PlacementKind;
  role: string;
  /** outcome -> occurredAt; keyed paths make a redelivery a no-op. */
  outcomes: Partial<Record<PlacementOutcomeName, string>>;
  hire?: { positionTitle: string; hireDate: string };
}

export const SECONDMENT_STEPS = ['requested', 'approved', 'started', 'completed', 'cancelled', 'withdrawn'] as const;
export type SecondmentStep = (typeof SECONDMENT_STEPS)[number];

export interface SecondmentCopy {
  _id: string;
  teacherId: string;
  schoolId: string;
  enterpriseId: string;
  postId: string;
  period: { start: string; end: string };
  hoursLogged: number;
  steps: Partial<Record<SecondmentStep, string>>;
  /** occurredAt (epoch ms) of the event the fields above came from; an older event does not overwrite them. Absent on copies written before. */
  factsAt?: number;
}

export interface CredentialCopy {
  _id: string;
  teacherId: string;
  schoolId: string;
  tier: DoubleQualifiedTier;
  issuedAt?: string;
  verifyUrl?: string;
  revokedAt?: string;
  revokeReason?: string;
}
