import { decodeJwt } from 'jose';
import { CredentialDocument } from './credential.document';
import { CredentialView, OpenBadgeCredential } from './credential.response';
import { statusEntryOf, statusListName } from './domain/bitstring-status-list';

/** The credential as every credential answer carries it; its type is the documented schema's, so the two cannot drift apart. */
export function credentialView(c: CredentialDocument, verifyUrl: string): CredentialView {
  const status = statusEntryOf(c.statusListIndex);
  return {
    id: c._id,
    teacherId: c.teacherId,
    schoolId: c.schoolId,
    tier: c.tier,
    status: c.status,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason ?? null,
    statusListIndex: status.index,
    statusList: statusListName(status.list),
    kid: c.kid,
    verifyUrl,
    jwt: c.jwt,
    credential: issuedCredentialOf(c.jwt),
  };
}

/**
 * The payload of a credential JWT this service signed: what openBadgeCredential built (typed by
 * the documented schema) and nothing else, since it is signed as built, with no other claims.
 */
function issuedCredentialOf(jwt: string): OpenBadgeCredential {
  return decodeJwt<OpenBadgeCredential>(jwt);
}
