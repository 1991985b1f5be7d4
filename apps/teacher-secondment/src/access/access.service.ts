import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PartnerDirectoryRepository } from '@app/partner-directory';
import { APP_CONFIG, operatorCallerOf, hashApiKey, lastUseIsStale, newApiKey, ProblemException } from '@app/base';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { AccessKey, IssuedKey } from './access-key.response';
import { ApiKeyDocument, ApiKeysRepository } from './api-keys.repository';
import { Principal } from './principal';

/**
 * This service's own API keys (ADR 0025): it only has copies of the partners, not their
 * talent-pipeline keys, so the operator issues a school or enterprise a key here, and a
 * school issues keys to its teachers. Keys are stored as SHA-256 hashes.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly partners: PartnerDirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
  ) {}

  async resolve(token: string): Promise<Principal | null> {
    const operator = operatorCallerOf(token, this.config);
    if (operator) return { role: 'operator', caller: operator };
    const hash = hashApiKey(token);
    const key = await this.keys.usable(hash);
    if (!key) return null;
    // Best effort: a failed "last used" write must not fail the request it describes.
    const now = new Date();
    if (lastUseIsStale(key.lastUsedAt, now)) void this.keys.touch(hash, now).catch(() => undefined);
    return key.principal;
  }

  /** Revokes a key by its public id: it authenticates nobody from then on (401). */
  async revoke(keyId: string, reason: string): Promise<AccessKey> {
    const key = await this.keys.revoke(keyId, reason);
    if (!key) throw new ProblemException(404, 'access key not found', `no access key with keyId ${keyId}`);
    return keyView(key);
  }

  /** A school's keys (its own and its teachers') or an enterprise's (its own and its mentors'), without the keys themselves. */
  async keysOf(partnerId: string): Promise<AccessKey[]> {
    return (await this.keys.ofPartner(partnerId)).map(keyView);
  }

  /** A key for a school or an enterprise known from the partner registry copy. */
  async issuePartnerKey(kind: 'school' | 'enterprise', partnerId: string, expiresInDays?: number): Promise<IssuedKey> {
    const partner = await this.partners.findById(partnerId);
    if (!partner || partner.kind !== kind) {
      throw new ProblemException(422, 'unknown partner', `no ${kind} ${partnerId} in this service's copy of the partner registry`, [
        { field: 'partnerId', message: `no such ${kind} (yet): partners arrive from talent.partner.v1` },
      ]);
    }
    const principal: Principal =
      kind === 'school' ? { role: 'school', schoolId: partnerId } : { role: 'enterprise', enterpriseId: partnerId };
    return this.issue(principal, kind, expiresInDays);
  }

  async issueTeacherKey(teacherId: string, schoolId: string): Promise<string> {
    return (await this.issue({ role: 'teacher', teacherId, schoolId }, 'teacher')).apiKey;
  }

  /**
   * A key for a named mentor of one of the enterprise's posts (the caller checked the post is
   * the enterprise's). The mentor gets an id of its own; countersignatures and evaluations
   * made with the key record it.
   */
  async issueMentorKey(
    enterpriseId: string,
    postId: string,
    mentor: { name: string; email?: string },
    expiresInDays?: number,
  ): Promise<IssuedKey & { mentorId: string }> {
    const mentorId = randomUUID();
    const principal: Principal = {
      role: 'mentor',
      mentorId,
      enterpriseId,
      postIds: [postId],
      name: mentor.name,
      ...(mentor.email ? { email: mentor.email } : {}),
    };
    return { mentorId, ...(await this.issue(principal, 'mentor', expiresInDays)) };
  }

  /** Whether a partner of this kind is in the registry copy. */
  async partnerExists(kind: 'school' | 'enterprise', partnerId: string): Promise<{ country: string; name: string } | null> {
    const partner = await this.partners.findById(partnerId);
    return partner && partner.kind === kind ? { country: partner.country, name: partner.name } : null;
  }

  private async issue(principal: Exclude<Principal, { role: 'operator' }>, prefix: string, expiresInDays?: number): Promise<IssuedKey> {
    const apiKey = newApiKey(`ts_${prefix}`);
    const issuedAt = new Date();
    const expiresAt = expiresInDays ? new Date(issuedAt.getTime() + expiresInDays * 86_400_000) : undefined;
    const keyId = randomUUID();
    await this.keys.save({ _id: hashApiKey(apiKey), keyId, principal, issuedAt, ...(expiresAt ? { expiresAt } : {}) });
    return { apiKey, keyId, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
  }
}

/** What an operator may see of a key: who it is for and its times, never the key or its hash. */
function keyView(key: ApiKeyDocument): AccessKey {
  return {
    keyId: key.keyId,
    ...key.principal,
    issuedAt: key.issuedAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString(),
    revokedAt: key.revokedAt?.toISOString(),
    revokeReason: key.revokeReason,
  };
}
