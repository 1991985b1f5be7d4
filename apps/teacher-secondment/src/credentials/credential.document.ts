import { DoubleQualifiedTier } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';

export interface CredentialDocument extends AggregateDocument {
  teacherId: string;
  schoolId: string;
  tier: DoubleQualifiedTier;
  /** The signed VC-JOSE compact JWT, as handed to the teacher. */
  jwt: string;
  kid: string;
  statusListIndex: number;
  evidenceSecondmentIds: string[];
  issuedAt: Date;
  status: 'active' | 'revoked';
  revokedAt?: Date;
  revocationReason?: string;
}
