import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, ProblemException, Clock } from '@app/base';
import { ConcurrencyConflictError } from '@app/persistence';
import { Principal } from '../access/principal';
import { TeacherStanding } from '../compliance/compliance.service';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { wholeYearsBetween } from '../shared/calendar-date';
import {
  encodeStatusList,
  serialOf,
  STATUS_LIST_LENGTH,
  statusEntryOf,
  statusListName,
  statusListNumberOf,
} from './domain/bitstring-status-list';
import { openBadgeCredential } from './domain/open-badge';
import { VC_CONTEXT } from './domain/vc-context';
import { credentialDecision, highestTierMet, TierFacts } from './domain/tier-rules';
import { credentialIssued, credentialRevoked, supervisorOffered, supervisorWithdrawn } from './credential-events';
import { CredentialDocument } from './credential.document';
import { CredentialsRepository } from './credentials.repository';
import { VerificationResult } from './public-credentials.response';
import { SigningKeysService } from './signing-keys.service';

export const ISSUER_NAME = 'School-enterprise cooperation platform: teacher secondment programme';

/** How long a replica may hold a teacher's credential claim, and how long another waits for it. */
const CLAIM_TTL_MS = 30_000;
const CLAIM_WAIT_MS = 10_000;
const CLAIM_POLL_MS = 25;

/**
 * Double-qualified credentials: granted as Open Badges 3.0 VCs signed as VC-JOSE JWTs (EdDSA,
 * Ed25519, via `jose`) when a tier's criteria are met, revoked through the Bitstring Status List
 * when they stop being met.
 */
@Injectable()
export class CredentialsService {
  private readonly base: string;
  /** This process, as the owner of the credential claims it holds. */
  private readonly claimOwner = randomUUID();

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly keys: SigningKeysService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: TeacherSecondmentConfig,
  ) {
    this.base = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  }

  get issuerId(): string {
    return `${this.base}/issuer`;
  }

  /** The URL of revocation list number `list` (1, 2, …). */
  statusListUrlOf(list: number): string {
    return `${this.base}/v1/credentials/status/${statusListName(list)}`;
  }

  verifyUrlOf(credentialId: string): string {
    return `${this.base}/v1/credentials/${credentialId}/verification`;
  }

  /**
   * Issues, keeps, replaces or revokes the teacher's credential to match the tier met today. A
   * change is decided while holding the teacher's claim (one replica at a time, the others wait),
   * so two replicas never both issue a credential for one teacher.
   */
  async reconcile(standing: TeacherStanding): Promise<void> {
    const met = highestTierMet(standing.ruleSet?.tiers ?? [], this.factsOf(standing));
    const active = await this.credentials.activeOf(standing.teacher._id);
    const unchanged = credentialDecision(active, met, namesAnother(active, standing.teacher.displayName));
    if (!unchanged.revoke && !unchanged.issue) return;
    const teacherId = standing.teacher._id;
    const waitUntil = Date.now() + CLAIM_WAIT_MS;
    while (!(await this.credentials.claimTeacher(teacherId, this.claimOwner, CLAIM_TTL_MS))) {
      if (Date.now() > waitUntil)
        throw new Error(`the credential of teacher ${teacherId} is being decided elsewhere; the next sweep retries`);
      await sleep(CLAIM_POLL_MS);
    }
    try {
      await this.reconcileClaimed(standing);
    } catch (error) {
      // The revocation raced another writer of the credential: the holder after us decides again from what it wrote.
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    } finally {
      await this.credentials.releaseTeacher(teacherId, this.claimOwner);
    }
  }

  private factsOf({ teacher, answer, practice }: TeacherStanding): TierFacts {
    return {
      applicable: answer.applicable,
      compliant: answer.compliant,
      creditedDays: answer.credited.total,
      yearsTeaching: wholeYearsBetween(teacher.hireDate, this.clock.today()),
      completedSecondments: practice.completedSecondmentIds.length,
      deliverableKinds: practice.deliverableKinds,
      mentorScore: practice.mentorScore,
    };
  }

  private async reconcileClaimed(standing: TeacherStanding): Promise<void> {
    const { teacher, answer, practice, ruleSet } = standing;
    const tiers = ruleSet?.tiers ?? [];
    const met = highestTierMet(tiers, this.factsOf(standing));
    const current = await this.credentials.activeOf(teacher._id);
    // Decided from a newer read of the teacher while this one waited for the claim: that one stands.
    if (current && (current.teacherVersion ?? 0) > teacher.version) return;
    const decision = credentialDecision(current, met, namesAnother(current, teacher.displayName));
    const now = this.clock.now();
    if (decision.revoke && current) {
      const reason = met
        ? met === current.tier
          ? "superseded: the teacher's name changed"
          : `superseded: the teacher now meets the ${met} tier`
        : `tier lapsed: ${answer.compliant ? 'its criteria are no longer met' : `not compliant with ${answer.ruleSetId} v${answer.ruleSetVersion} on ${answer.asOf}`}`;
      const events = [credentialRevoked(current, reason, now), ...(decision.issue ? [] : [supervisorWithdrawn(current, reason, now)])];
      await this.credentials.store.update(current, { status: 'revoked', revokedAt: now, revocationReason: reason }, events);
    }
    if (decision.issue) {
      const criteria = tiers.find((t) => t.tier === decision.issue)!;
      const credentialId = randomUUID();
      const serial = await this.credentials.nextStatusIndex();
      const statusEntry = statusEntryOf(serial);
      const evidence = practice.completedSecondmentIds.map((id) => {
        const hours = practice.hours.filter((h) => h.ref === id).reduce((sum, h) => sum + h.hours, 0);
        return {
          id: `${this.base}/v1/secondments/${id}`,
          name: `Enterprise secondment ${id}`,
          narrative: `${hours} mentor-countersigned practice hours, completed.`,
        };
      });
      const vc = openBadgeCredential({
        credentialId,
        issuer: { id: this.issuerId, name: ISSUER_NAME, url: this.base },
        teacher: { id: teacher._id, displayName: teacher.displayName },
        tier: decision.issue,
        criteria,
        validFrom: now.toISOString(),
        evidence,
        status: { listUrl: this.statusListUrlOf(statusEntry.list), index: statusEntry.index },
      });
      const { jwt, kid } = await this.sign(vc);
      const credential = {
        _id: credentialId,
        teacherId: teacher._id,
        schoolId: teacher.schoolId,
        tier: decision.issue,
        jwt,
        kid,
        statusListIndex: serial,
        evidenceSecondmentIds: practice.completedSecondmentIds,
        teacherVersion: teacher.version,
        issuedAt: now,
        status: 'active' as const,
      };
      await this.credentials.store.insert(credential, [
        credentialIssued(credential, now, this.verifyUrlOf(credentialId)),
        supervisorOffered(credential, teacher, now),
      ]);
    }
  }

  /** Checks the signature against the published keys, the credential's shape, and its revocation status. */
  async verify(jwt: string): Promise<VerificationResult> {
    let payload: Record<string, unknown>;
    let kid: string | undefined;
    try {
      const jwks = createLocalJWKSet(await this.keys.jwks());
      const verified = await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'], typ: 'vc+jwt' });
      payload = verified.payload;
      kid = verified.protectedHeader.kid;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'ERR_INVALID';
      return { valid: false, signatureValid: false, revoked: false, reason: `${code}: ${(error as Error).message}` };
    }
    const types = payload.type;
    if (!Array.isArray(types) || !types.includes('OpenBadgeCredential') || typeof payload.id !== 'string') {
      return { valid: false, signatureValid: true, revoked: false, kid, reason: 'not an OpenBadgeCredential' };
    }
    const credentialId = payload.id.replace(/^urn:uuid:/, '');
    const record = await this.credentials.store.findById(credentialId);
    const revoked = record ? record.status === 'revoked' : await this.listedAsRevoked(payload.credentialStatus);
    const subject = payload.credentialSubject as { achievement?: { id?: string } } | undefined;
    return {
      valid: !revoked,
      signatureValid: true,
      revoked,
      ...(revoked ? { reason: `revoked: ${record?.revocationReason ?? 'listed in the status list'}` } : {}),
      credentialId,
      tier: record?.tier ?? subject?.achievement?.id?.split('/').pop(),
      kid,
      issuer: (payload.issuer as { id?: string } | undefined)?.id,
      validFrom: payload.validFrom as string | undefined,
    };
  }

  async verifyStored(credentialId: string): Promise<VerificationResult> {
    const record = await this.credentials.store.findById(credentialId);
    if (!record) throw new ProblemException(404, 'credential not found');
    return this.verify(record.jwt);
  }

  /**
   * The BitstringStatusListCredential `revocation-N` with every revoked index of that list set,
   * signed like the credentials; 404 for another name or a list no credential is in yet.
   */
  async statusListCredential(name: string): Promise<string> {
    const list = statusListNumberOf(name);
    if (list === null || list > (await this.credentials.statusListsInUse())) throw new ProblemException(404, 'status list not found');
    const url = this.statusListUrlOf(list);
    const encodedList = encodeStatusList(await this.credentials.revokedIndexesOf(list));
    const credential = {
      '@context': [VC_CONTEXT],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: this.issuerId,
      validFrom: this.clock.now().toISOString(),
      credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
    };
    return (await this.sign(credential)).jwt;
  }

  /** For a credential this service has no record of: whether the status list its credentialStatus names has its bit set. */
  private async listedAsRevoked(credentialStatus: unknown): Promise<boolean> {
    const status = credentialStatus as { statusListIndex?: string; statusListCredential?: string } | undefined;
    const prefix = `${this.base}/v1/credentials/status/`;
    const url = status?.statusListCredential ?? '';
    const list = url.startsWith(prefix) ? statusListNumberOf(url.slice(prefix.length)) : null;
    const index = Number(status?.statusListIndex);
    if (list === null || !/^\d+$/.test(status?.statusListIndex ?? '') || index >= STATUS_LIST_LENGTH) return false;
    return this.credentials.isRevokedSerial(serialOf(list, index));
  }

  async list(principal: Principal, teacherId?: string): Promise<CredentialDocument[]> {
    switch (principal.role) {
      case 'operator':
        return this.credentials.find({ teacherId });
      case 'school':
        return this.credentials.find({ schoolId: principal.schoolId, teacherId });
      case 'teacher':
        return this.credentials.find({ teacherId: principal.teacherId });
      case 'enterprise':
      case 'mentor':
        throw new ProblemException(403, 'forbidden', 'enterprises verify credentials at the public endpoint');
    }
  }

  async get(principal: Principal, id: string): Promise<CredentialDocument> {
    const credential = await this.credentials.store.findById(id);
    const visible =
      credential &&
      (principal.role === 'operator' ||
        (principal.role === 'school' && credential.schoolId === principal.schoolId) ||
        (principal.role === 'teacher' && credential.teacherId === principal.teacherId));
    if (!visible) throw new ProblemException(404, 'credential not found');
    return credential;
  }

  private async sign(payload: Record<string, unknown>): Promise<{ jwt: string; kid: string }> {
    const { kid, key } = await this.keys.signingKey();
    const jwt = await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt', cty: 'vc' }).sign(key);
    return { jwt, kid };
  }
}

/**
 * Whether the credential names the teacher otherwise than `displayName` now does (the name is
 * signed into it, as the Open Badge's credentialSubject.name). Read from the stored JWT's payload,
 * which this service signed: no verification is needed to read what it wrote.
 */
function namesAnother(credential: Pick<CredentialDocument, 'jwt'> | null, displayName: string): boolean {
  if (!credential) return false;
  try {
    const subject = decodeJwt(credential.jwt).credentialSubject as { name?: unknown } | undefined;
    return subject?.name !== displayName;
  } catch {
    // Not a JWT this service could read back: the tier decides alone, as before names were compared.
    return false;
  }
}
