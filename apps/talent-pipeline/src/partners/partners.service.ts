import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EnterpriseRegistered, SchoolRegistered, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { hashApiKey, newApiKey, ProblemException } from '@app/base';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { SECRET_BOX, SecretBox } from '../shared/secret-box';
import { newSigningSecret } from '../shared/secrets';
import { RegisterEnterpriseDto } from './dto/register-enterprise.dto';
import { RegisterSchoolDto } from './dto/register-school.dto';
import { EnterpriseDocument, SchoolDocument } from './partner.documents';
import { PartnersRepository } from './partners.repository';

/** Bounds the memory of erpSigningSecretsOf; past it the cache starts again (one read each). */
const KNOWN_ENTERPRISES_MAX = 10_000;
/** How long an opened ERP secret is reused before it is read again (so a rotation applies within it). */
const ERP_SECRETS_TTL_MS = 60_000;

@Injectable()
export class PartnersService {
  private readonly erpSecrets = new Map<string, { secrets: string[]; until: number }>();

  constructor(
    private readonly repository: PartnersRepository,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  /** Returns the school's API key once; only its hash is kept. */
  async registerSchool(dto: RegisterSchoolDto, correlationid?: string) {
    const id = randomUUID();
    const apiKey = newApiKey('sk_school');
    const registeredAt = new Date();
    const event = newCloudEvent(SchoolRegistered, {
      source: TALENT_PIPELINE_SOURCE,
      subject: `schools/${id}`,
      correlationid,
      data: { schoolId: id, name: dto.name, country: dto.country, registeredAt: registeredAt.toISOString() },
    });
    await this.repository.schools.insert({ _id: id, name: dto.name, country: dto.country, apiKeyHash: hashApiKey(apiKey), registeredAt }, [
      { id: event.id, topic: Topics.partners, key: id, event },
    ]);
    return { id, name: dto.name, country: dto.country, registeredAt, apiKey };
  }

  /** Returns the ERP signing secret and the API key once, at registration. */
  async registerEnterprise(dto: RegisterEnterpriseDto, correlationid?: string) {
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
        apiKeyHash: hashApiKey(apiKey),
        erpSigningSecret: this.secrets.seal(erpSigningSecret),
        registeredAt,
      },
      [{ id: event.id, topic: Topics.partners, key: id, event }],
    );
    return { id, name: dto.name, country: dto.country, industry: dto.industry, registeredAt, apiKey, erpSigningSecret };
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

  /** The school, or null: for features that validate a reference and name the field themselves. */
  findSchool(id: string): Promise<SchoolDocument | null> {
    return this.repository.schools.findById(id);
  }

  findEnterprise(id: string): Promise<EnterpriseDocument | null> {
    return this.repository.enterprises.findById(id);
  }

  /**
   * The enterprise's ERP signing secrets in clear (one today; several once rotation keeps the
   * previous one valid for a while), or null for an unknown enterprise. Asked for every inbound
   * ERP record, so answers are kept for a minute.
   */
  async erpSigningSecretsOf(enterpriseId: string): Promise<string[] | null> {
    const cached = this.erpSecrets.get(enterpriseId);
    if (cached && cached.until > Date.now()) return cached.secrets;
    const enterprise = await this.repository.enterprises.findById(enterpriseId);
    if (!enterprise) return null;
    const secrets = [this.secrets.open(enterprise.erpSigningSecret)];
    if (this.erpSecrets.size >= KNOWN_ENTERPRISES_MAX) this.erpSecrets.clear();
    this.erpSecrets.set(enterpriseId, { secrets, until: Date.now() + ERP_SECRETS_TTL_MS });
    return secrets;
  }

  /** The school an API key belongs to (only its hash is stored). */
  schoolByApiKey(apiKey: string): Promise<SchoolDocument | null> {
    return this.repository.findSchoolByApiKeyHash(hashApiKey(apiKey));
  }

  enterpriseByApiKey(apiKey: string): Promise<EnterpriseDocument | null> {
    return this.repository.findEnterpriseByApiKeyHash(hashApiKey(apiKey));
  }
}
