import { decodeJwt } from 'jose';
import { CredentialDocument } from './credential.document';

export function credentialView(c: CredentialDocument, verifyUrl: string) {
  return {
    id: c._id,
    teacherId: c.teacherId,
    schoolId: c.schoolId,
    tier: c.tier,
    status: c.status,
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt ?? null,
    revocationReason: c.revocationReason ?? null,
    statusListIndex: c.statusListIndex,
    kid: c.kid,
    verifyUrl,
    jwt: c.jwt,
    credential: decodeJwt(c.jwt),
  };
}
