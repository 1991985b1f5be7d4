import { decodeJwt } from 'jose';
import { CredentialDocument } from './credential.document';
import { statusEntryOf, statusListName } from './domain/bitstring-status-list';

export function credentialView(c: CredentialDocument, verifyUrl: string) {
  const status = statusEntryOf(c.statusListIndex);
  return {
    id: c._id,
    teacherId: c.teacherId,
    schoolId: c.schoolId,
    tier: c.tier,
    status: c.status,
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt ?? null,
    revocationReason: c.revocationReason ?? null,
    /** As in the credential's credentialStatus: the index within `statusList`. */
    statusListIndex: status.index,
    statusList: statusListName(status.list),
    kid: c.kid,
    verifyUrl,
    jwt: c.jwt,
    credential: decodeJwt(c.jwt),
  };
}
