import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PartnerDirectoryRepository } from '@app/partner-directory';
import { APP_CONFIG, operatorCallerOf, hashApiKey, lastUseIsStale, newApiKey, ProblemException } from '@app/base';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { AccessKeysRepository } from './access-keys.repository';
import { AccessKeyList, IssuedKey, RevokedKey } from './access-key.response';
import { Principal } from './principal';

const KEY_PREFIX = 'rdk';

/**
 * Credentials of this service (ADR 0027): the operator token, or an access key the operator
 * issued here for a school or enterprise known from the partner copies, or for a reviewer.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly keys: AccessKeysRepository,
    private readonly partners: PartnerDirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: RdCollaborationConfig,
  ) {}

  async issue(principal: Exclude<Principal, { role: 'operator' }>, label: string, expiresInDays?: number): Promise<IssuedKey> {
    if (principal.role === 'school' || principal.role === 'enterprise') {
      const partnerId = principal.role === 'school' ? principal.schoolId : principal.enterpriseId;
      const partner = await this.partners.findById(partnerId);
      if (!partner || partner.kind !== principal.role) {
        throw new ProblemException(400, 'invalid request', 'unknown partner', [
          { field: `${principal.role}Id`, message: `no ${principal.role} with this id in the partner registry copy` },
        ]);
      }
    }
    const apiKey = newApiKey(`${KEY_PREFIX}_${principal.role}`);
    const keyId = randomUUID();
    const createdAt = new Date();
    const expiresAt = expiresInDays ? new Date(createdAt.getTime() + expiresInDays * 86_400_000) : undefined;
    await this.keys.insert({ _id: hashApiKey(apiKey), keyId, principal, label, createdAt, ...(expiresAt ? { expiresAt } : {}) });
    return { ...principal, apiKey, keyId, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  }

  /** A holder's keys with their times, never the keys or their hashes. */
  async keysOf(holderId: string): Promise<AccessKeyList['items']> {
    return (await this.keys.of(holderId)).map((key) => ({
      keyId: key.keyId,
      ...key.principal,
      label: key.label,
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt?.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString(),
      revokedAt: key.revokedAt?.toISOString(),
    }));
  }

  /** From now on the key authenticates nobody. */
  async revoke(keyId: string): Promise<RevokedKey> {
    const key = await this.keys.revoke(keyId);
    if (!key) throw new ProblemException(404, 'access key not found', `no access key ${keyId}`);
    // The repository set it (or kept the first revocation's time) before reading the key back.
    if (!key.revokedAt) throw new Error(`access key ${keyId} read back without revokedAt`);
    return { keyId, ...key.principal, label: key.label, revokedAt: key.revokedAt.toISOString() };
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const operator = operatorCallerOf(token, this.config);
    if (operator) return { role: 'operator', caller: operator };
    if (!token.startsWith(`${KEY_PREFIX}_`)) return undefined;
    const hash = hashApiKey(token);
    const key = await this.keys.usable(hash);
    if (!key) return undefined;
    // Best effort: a failed "last used" write must not fail the request it describes.
    const now = new Date();
    if (lastUseIsStale(key.lastUsedAt, now)) void this.keys.touch(hash, now).catch(() => undefined);
    return key.principal;
  }
}
