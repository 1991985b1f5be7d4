import { DoubleQualifiedTier } from '@app/contracts';

/** The talent pipeline's copy of a teacher the secondment service offers as a placement supervisor. */
export interface SupervisorDocument {
  /** The teacher id in the secondment service. */
  _id: string;
  schoolId: string;
  displayName: string;
  subject: string;
  tier: DoubleQualifiedTier;
  credentialId: string;
  status: 'offered' | 'withdrawn';
  withdrawnReason?: string;
  /** occurredAt of the newest event applied: an older or redelivered event changes nothing. */
  lastEventAt: string;
  fromEvent: string;
  copiedAt: Date;
}
