import { DoubleQualifiedTier } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';

export const CREDENTIAL_STATUSES = ['active', 'revoked'] as const;

export interface CredentialDocument extends AggregateDocument {
  teacherId: string;
  schoolId: string;
  tier: DoubleQualifiedTier;
  /** The signed VC-JOSE compact JWT, as handed to the teacher. */
  jwt: string;
  kid: string;
  /**
   * The credential's status serial: bit `serial mod 131072` of list `revocation-(floor(serial / 131072) + 1)`
   * (statusEntryOf). For the first list it equals the index in the credential's credentialStatus.
   */
  statusListIndex: number;
  evidenceSecondmentIds: string[];
  /**
   * The teacher's version the credential was decided from (absent on credentials from before
   * ADR 0088): a recompute from an older read of the teacher leaves the credential to a newer one.
   */
  teacherVersion?: number;
  issuedAt: Date;
  status: (typeof CREDENTIAL_STATUSES)[number];
  revokedAt?: Date;
  revocationReason?: string;
}
