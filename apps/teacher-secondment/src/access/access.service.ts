import { Inject, Injectable } from '@nestjs/common';
import { PartnerDirectoryRepository } from '@app/partner-directory';
import { APP_CONFIG, constantTimeEquals, hashApiKey, newApiKey, ProblemException } from '@app/base';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { ApiKeysRepository } from './api-keys.repository';
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
    if (this.config.ADMIN_API_TOKEN && constantTimeEquals(token, this.config.ADMIN_API_TOKEN)) return { role: 'operator' };
    return this.keys.principalOf(hashApiKey(token));
  }

  /** A key for a school or an enterprise known from the partner registry copy. */
  async issuePartnerKey(kind: 'school' | 'enterprise', partnerId: string): Promise<string> {
    const partner = await this.partners.findById(partnerId);
    if (!partner || partner.kind !== kind) {
      throw new ProblemException(422, 'unknown partner', `no ${kind} ${partnerId} in this service's copy of the partner registry`, [
        { field: 'partnerId', message: `no such ${kind} (yet): partners arrive from talent.partner.v1` },
      ]);
    }
    const principal: Principal =
      kind === 'school' ? { role: 'school', schoolId: partnerId } : { role: 'enterprise', enterpriseId: partnerId };
    return this.issue(principal, kind);
  }

  issueTeacherKey(teacherId: string, schoolId: string): Promise<string> {
    return this.issue({ role: 'teacher', teacherId, schoolId }, 'teacher');
  }

  /** Whether a partner of this kind is in the registry copy. */
  async partnerExists(kind: 'school' | 'enterprise', partnerId: string): Promise<{ country: string; name: string } | null> {
    const partner = await this.partners.findById(partnerId);
    return partner && partner.kind === kind ? { country: partner.country, name: partner.name } : null;
  }

  private async issue(principal: Exclude<Principal, { role: 'operator' }>, prefix: string): Promise<string> {
    const key = newApiKey(`ts_${prefix}`);
    await this.keys.save(hashApiKey(key), principal);
    return key;
  }
}
