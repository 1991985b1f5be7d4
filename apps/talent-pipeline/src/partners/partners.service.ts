import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EnterpriseRegistered, SchoolRegistered, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { hashApiKey, lastUseIsStale, newApiKey, ProblemException } from '@app/base';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { ResealCount, resealSecretFields } from '../shared/reseal-secrets';
import { SECRET_BOX, SecretBox } from '../shared/secret-box';
import { newSigningSecret } from '../shared/secrets';
import { RegisterEnterpriseDto } from './dto/register-enterprise.dto';
import { RegisterSchoolDto } from './dto/register-school.dto';
import { CredentialAction, CredentialAuditEntry, CredentialAuditRepository } from './credential-audit.repository';
import { isApiKeyAccepted, replacedKeyAcceptedUntil } from './domain/api-key-acceptance';
import { calendarDayIn, DEFAULT_TIME_ZONE } from './domain/time-zone';
import { ChangeTimeZoneDto } from './dto/change-time-zone.dto';
import { RevokeCredentialDto, RotateCredentialDto } from './dto/credential-change.dto';
import { EnterpriseDocument, PartnerCredentials, SchoolDocument } from './partner.documents';
import { PartnersRepository } from './partners.repository';
import {
  ApiKeyRevocation,
  ApiKeyRotation,
  EnterpriseTimeZone,
  ErpSecretRotation,
  RegisteredEnterprise,
  RegisteredSchool,
} from './partner.response';

export type PartnerKind = 'school' | 'enterprise';

/** Who made a credential change, for the audit log. */
export interface CredentialActor {
  actor: string;
  correlationId: string;
}

/** Bounds the memory of the reused ERP secrets; past it the cache starts again (one read each). */
const KNOWN_ENTERPRISES_MAX = 10_000;
/** How long opened ERP secrets are reused by default before they are read again (so a rotation applies within it). */
const ERP_SECRETS_TTL_MS = 60_000;
/** Reads of the partner a key rotation makes before giving up when its key keeps changing meanwhile. */
const ROTATION_ATTEMPTS = 3;

@Injectable()
export class PartnersService {
  private readonly erpSecrets = new Map<string, { secrets: string[]; readAt: number }>();

  constructor(
    private readonly repository: PartnersRepository,
    private readonly audit: CredentialAuditRepository,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  /** Returns the school's API key once; only its hash is kept. */
  async registerSchool(dto: RegisterSchoolDto, correlationid?: string): Promise<RegisteredSchool> {
    const id = randomUUID();
    const apiKey = newApiKey('sk_school');
    const registeredAt = new Date();
    const event = newCloudEvent(SchoolRegistered, {
      source: TALENT_PIPELINE_SOURCE,
      subject: `schools/${id}`,
      correlationid,
      data: { schoolId: id, name: dto.name, country: dto.country, registeredAt: registeredAt.toISOString() },
    });
    const credentials = { apiKeyHash: hashApiKey(apiKey), apiKeyIssuedAt: registeredAt };
    await this.repository.schools.insert({ _id: id, name: dto.name, country: dto.country, ...credentials, registeredAt }, [
      { id: event.id, topic: Topics.partners, key: id, event },
    ]);
    return { id, name: dto.name, country: dto.country, registeredAt: registeredAt.toISOString(), apiKey };
  }

  /** Returns the ERP signing secret and the API key once, at registration. */
  async registerEnterprise(dto: RegisterEnterpriseDto, correlationid?: string): Promise<RegisteredEnterprise> {
    const id = randomUUID();
    const apiKey = newApiKey('sk_enterprise');
    const erpSigningSecret = newSigningSecret();
    const registeredAt = new Date();
    const event = newCloudEvent(EnterpriseRegistered, {
      source: TALENT_PIPELINE_SOURCE,
      subject: `enterprises/${id}`,
      correlationid,
      data: {
        enterpriseId: id,
        name: dto.name,
        country: dto.country,
        industry: dto.industry,
        registeredAt: registeredAt.toISOString(),
      },
    });
    await this.repository.enterprises.insert(
      {
        _id: id,
        name: dto.name,
        country: dto.country,
        industry: dto.industry,
        ...(dto.timeZone !== undefined ? { timeZone: dto.timeZone } : {}),
        apiKeyHash: hashApiKey(apiKey),
        apiKeyIssuedAt: registeredAt,
        erpSigningSecret: this.secrets.seal(erpSigningSecret),
        registeredAt,
      },
      [{ id: event.id, topic: Topics.partners, key: id, event }],
    );
    return {
      id,
      name: dto.name,
      country: dto.country,
      industry: dto.industry,
      timeZone: dto.timeZone ?? DEFAULT_TIME_ZONE,
      registeredAt: registeredAt.toISOString(),
      apiKey,
      erpSigningSecret,
    };
  }

  async getSchool(id: string): Promise<SchoolDocument> {
    const school = await this.repository.schools.findById(id);
    if (!school) throw new ProblemException(404, 'school not found', `no school with id ${id}`);
    return school;
  }

  async getEnterprise(id: string): Promise<EnterpriseDocument> {
    const enterprise = await this.repository.enterprises.findById(id);
    if (!enterprise) throw new ProblemException(404, 'enterprise not found', `no enterprise with id ${id}`);
    return enterprise;
  }

  /**
   * Moves the enterprise's days to another zone (ADR 0079, "the enterprise's day"). Nothing
   * stored with a day changes: a step already scheduled keeps its `dueOn` (a calendar day), and
   * the scheduler, which reads the zone whenever it decides whether a step is due, applies it at
   * midnight of that day in the new zone. 404 for an unknown enterprise.
   */
  async changeTimeZone(id: string, dto: ChangeTimeZoneDto): Promise<EnterpriseTimeZone> {
    const before = await this.repository.setTimeZone(id, dto.timeZone);
    if (!before) throw new ProblemException(404, 'enterprise not found', `no enterprise with id ${id}`);
    return {
      enterpriseId: id,
      timeZone: dto.timeZone,
      previousTimeZone: before.timeZone ?? DEFAULT_TIME_ZONE,
      changedAt: new Date().toISOString(),
    };
  }

  /** The school, or null: for features that validate a reference and name the field themselves. */
  findSchool(id: string): Promise<SchoolDocument | null> {
    return this.repository.schools.findById(id);
  }

  findEnterprise(id: string): Promise<EnterpriseDocument | null> {
    return this.repository.enterprises.findById(id);
  }

  /**
   * The calendar day `now` falls on at the enterprise (its time zone; UTC when it has none, or
   * for an unknown enterprise): the day its ERP's starts and ends are "today" on (ADR 0079).
   */
  async enterpriseToday(enterpriseId: string, now: Date): Promise<string> {
    const enterprise = await this.repository.enterprises.findById(enterpriseId);
    return calendarDayIn(now, enterprise?.timeZone ?? DEFAULT_TIME_ZONE);
  }

  /**
   * The enterprise's ERP signing secrets in clear (the current one first, and the previous one
   * during a rotation's overlap) if `accepts` takes them: those this replica read within
   * `maxAgeMs` (a minute by default; asked for every inbound ERP record and request), or, when
   * `accepts` refuses those, freshly read ones, so a rotation made on another replica is honoured
   * at once. A rotation on this replica applies at once anyway.
   */
  async erpSecretsAccepted(
    enterpriseId: string,
    accepts: (secrets: readonly string[]) => boolean,
    options: { maxAgeMs?: number } = {},
  ): Promise<{ status: 'accepted'; secrets: string[] } | { status: 'refused' | 'unknown enterprise' }> {
    const reused = await this.erpSigningSecretsOf(enterpriseId, options);
    // An unknown enterprise is never reused: that answer was just read.
    if (!reused) return { status: 'unknown enterprise' };
    if (accepts(reused)) return { status: 'accepted', secrets: reused };
    const fresh = await this.erpSigningSecretsOf(enterpriseId, { fresh: true });
    if (!fresh) return { status: 'unknown enterprise' };
    return accepts(fresh) ? { status: 'accepted', secrets: fresh } : { status: 'refused' };
  }

  /** The secrets, reused for `maxAgeMs` unless `fresh`; null for an unknown enterprise. */
  private async erpSigningSecretsOf(enterpriseId: string, options: { fresh?: boolean; maxAgeMs?: number } = {}): Promise<string[] | null> {
    const cached = this.erpSecrets.get(enterpriseId);
    if (!options.fresh && cached && Date.now() - cached.readAt < (options.maxAgeMs ?? ERP_SECRETS_TTL_MS)) return cached.secrets;
    const enterprise = await this.repository.enterprises.findById(enterpriseId);
    if (!enterprise) return null;
    const secrets = this.erpSigningSecretsFrom(enterprise);
    if (this.erpSecrets.size >= KNOWN_ENTERPRISES_MAX) this.erpSecrets.clear();
    this.erpSecrets.set(enterpriseId, { secrets, readAt: Date.now() });
    return secrets;
  }

  /** The secrets an enterprise's ERP events verify with now: the current one, and the previous within its overlap. */
  private erpSigningSecretsFrom(enterprise: EnterpriseDocument): string[] {
    const secrets = [this.secrets.open(enterprise.erpSigningSecret)];
    const previous = enterprise.previousErpSigningSecret;
    // A previous secret whose key was lost (ADR 0018, addendum) leaves the current one working.
    const previousSecret = previous && previous.expiresAt > new Date() ? this.secrets.openIfReadable(previous.secret) : undefined;
    if (previousSecret !== undefined) secrets.push(previousSecret);
    return secrets;
  }

  /** The school an API key belongs to, if the key is accepted now (only hashes are stored). */
  async schoolByApiKey(apiKey: string): Promise<SchoolDocument | null> {
    const hash = hashApiKey(apiKey);
    return this.accepted('school', await this.repository.findSchoolByApiKeyHash(hash), hash);
  }

  async enterpriseByApiKey(apiKey: string): Promise<EnterpriseDocument | null> {
    const hash = hashApiKey(apiKey);
    return this.accepted('enterprise', await this.repository.findEnterpriseByApiKeyHash(hash), hash);
  }

  /**
   * A new API key now; the replaced one stays accepted for `overlapSeconds` so the partner can
   * switch its clients over. Returned once, like at registration. Audited.
   */
  async rotateApiKey(kind: PartnerKind, id: string, dto: RotateCredentialDto, by: CredentialActor): Promise<ApiKeyRotation> {
    for (let attempt = 1; attempt <= ROTATION_ATTEMPTS; attempt++) {
      const rotation = await this.replaceApiKey(kind, await this.partnerOf(kind, id), dto);
      if (rotation) {
        await this.recordAudit('api-key.rotated', kind, id, by, dto.reason, rotation.previousKeyValidUntil);
        return {
          apiKey: rotation.apiKey,
          issuedAt: rotation.issuedAt.toISOString(),
          expiresAt: rotation.expiresAt?.toISOString(),
          previousKeyValidUntil: rotation.previousKeyValidUntil?.toISOString(),
        };
      }
    }
    throw new ProblemException(409, 'API key changed meanwhile', "the partner's API key kept changing during the rotation; rotate again");
  }

  /**
   * Replaces the key `partner` was read with; null when it changed since (a revocation or another
   * rotation in between), so the grace period goes to the key actually replaced, and a key revoked
   * meanwhile gets none.
   */
  private async replaceApiKey(
    kind: PartnerKind,
    partner: PartnerCredentials & { _id: string },
    dto: RotateCredentialDto,
  ): Promise<{ apiKey: string; issuedAt: Date; expiresAt?: Date; previousKeyValidUntil?: Date } | null> {
    const apiKey = newApiKey(kind === 'school' ? 'sk_school' : 'sk_enterprise');
    const now = new Date();
    const expiresAt = dto.expiresInDays ? new Date(now.getTime() + dto.expiresInDays * 86_400_000) : undefined;
    const previousKeyValidUntil = replacedKeyAcceptedUntil(partner, new Date(now.getTime() + dto.overlapSeconds * 1000), now);
    const replaced = await this.repository.setCredentials(
      kind,
      partner._id,
      {
        apiKeyHash: hashApiKey(apiKey),
        apiKeyIssuedAt: now,
        ...(previousKeyValidUntil ? { previousApiKey: { hash: partner.apiKeyHash, expiresAt: previousKeyValidUntil } } : {}),
        ...(expiresAt ? { apiKeyExpiresAt: expiresAt } : {}),
      },
      [...(previousKeyValidUntil ? [] : ['previousApiKey']), ...(expiresAt ? [] : ['apiKeyExpiresAt']), 'apiKeyRevokedAt'],
      { apiKeyHash: partner.apiKeyHash },
    );
    return replaced ? { apiKey, issuedAt: now, expiresAt, previousKeyValidUntil } : null;
  }

  /** Revokes every key of the partner at once (a leak); the next rotation issues a new one. Audited. */
  async revokeApiKey(kind: PartnerKind, id: string, dto: RevokeCredentialDto, by: CredentialActor): Promise<ApiKeyRevocation> {
    await this.partnerOf(kind, id);
    const revokedAt = new Date();
    // The hash of a key nobody ever saw: nothing matches it any more.
    await this.repository.setCredentials(kind, id, { apiKeyHash: hashApiKey(newApiKey('revoked')), apiKeyRevokedAt: revokedAt }, [
      'previousApiKey',
      'apiKeyExpiresAt',
    ]);
    await this.recordAudit('api-key.revoked', kind, id, by, dto.reason);
    return { revokedAt: revokedAt.toISOString() };
  }

  /**
   * A new ERP signing secret; the ERP's events signed with the old one are still verified for
   * `overlapSeconds` (HTTP and Kafka alike). Returned once. Audited.
   */
  async rotateErpSigningSecret(id: string, dto: RotateCredentialDto, by: CredentialActor): Promise<ErpSecretRotation> {
    const enterprise = await this.getEnterprise(id);
    const erpSigningSecret = newSigningSecret();
    const now = new Date();
    const previousValidUntil = new Date(now.getTime() + dto.overlapSeconds * 1000);
    const keepPrevious = dto.overlapSeconds > 0;
    await this.repository.setCredentials(
      'enterprise',
      id,
      {
        erpSigningSecret: this.secrets.seal(erpSigningSecret),
        erpSigningSecretRotatedAt: now,
        ...(keepPrevious ? { previousErpSigningSecret: { secret: enterprise.erpSigningSecret, expiresAt: previousValidUntil } } : {}),
      },
      keepPrevious ? [] : ['previousErpSigningSecret'],
    );
    this.erpSecrets.delete(id);
    await this.recordAudit('erp-signing-secret.rotated', 'enterprise', id, by, dto.reason, keepPrevious ? previousValidUntil : undefined);
    return {
      erpSigningSecret,
      rotatedAt: now.toISOString(),
      previousSecretValidUntil: keepPrevious ? previousValidUntil.toISOString() : undefined,
    };
  }

  /** Every enterprise's ERP signing secrets (current and previous) moved onto the current secrets key (ADR 0018, addendum). */
  resealErpSigningSecrets(): Promise<ResealCount> {
    return resealSecretFields(
      this.repository.enterprises.collection,
      [{ path: 'erpSigningSecret' }, { path: 'previousErpSigningSecret.secret', expiresAtPath: 'previousErpSigningSecret.expiresAt' }],
      this.secrets,
    );
  }

  credentialAudit(filter: { partnerId?: string; action?: CredentialAction; limit: number }): Promise<CredentialAuditEntry[]> {
    return this.audit.list(filter);
  }

  private async partnerOf(kind: PartnerKind, id: string): Promise<PartnerCredentials & { _id: string }> {
    return kind === 'school' ? this.getSchool(id) : this.getEnterprise(id);
  }

  private async recordAudit(
    action: CredentialAction,
    kind: PartnerKind,
    id: string,
    by: CredentialActor,
    reason?: string,
    previousValidUntil?: Date,
  ): Promise<void> {
    await this.audit.record({
      action,
      partner: { kind, id },
      actor: by.actor,
      correlationId: by.correlationId,
      ...(reason ? { reason } : {}),
      ...(previousValidUntil ? { previousValidUntil } : {}),
    });
  }

  private accepted<T extends PartnerCredentials & { _id: string }>(kind: PartnerKind, partner: T | null, hash: string): T | null {
    const now = new Date();
    if (!partner || !isApiKeyAccepted(partner, hash, now)) return null;
    // Best effort, at most once a minute (decided from the document already read, so most
    // requests write nothing): a failed "last used" write must not fail the request it describes.
    if (lastUseIsStale(partner.apiKeyLastUsedAt, now)) void this.repository.touchApiKey(kind, partner._id, now).catch(() => undefined);
    return partner;
  }
}
