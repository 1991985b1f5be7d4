import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgreementDirectoryRepository, PartnerDirectoryRepository } from '@app/partner-directory';
import { idempotencyKeyReused, idempotentIdFor, keyedDocument, ProblemException } from '@app/base';
import { idempotencyCallerOf, Principal } from '../access/principal';
import { ChallengeDocument } from './challenge.document';
import { PostChallenge, RecordNda } from './challenge.schemas';
import { ChallengesRepository } from './challenges.repository';
import { ChallengeView, OwnerChallengeView } from './challenge-view.response';
import { challengeView, ownerChallengeView } from './domain/challenge-view';
import { agreementCoversRd } from './domain/rd-coverage';

const today = () => new Date().toISOString().slice(0, 10);

@Injectable()
export class ChallengesService {
  constructor(
    private readonly challenges: ChallengesRepository,
    private readonly agreements: AgreementDirectoryRepository,
    private readonly partners: PartnerDirectoryRepository,
  ) {}

  /**
   * Posts a challenge. With an Idempotency-Key its id is derived from the caller and the key, so a
   * retry (also one racing the first request) answers the challenge stored first and stores
   * nothing more; the key with another request is a 422 (ADR 0083).
   */
  async post(principal: Principal, input: PostChallenge, idempotencyKey?: string): Promise<OwnerChallengeView> {
    const keyed = keyedDocument('challenge', idempotencyCallerOf(principal), idempotencyKey, input);
    // A retry is answered as the first time, before the rules: they may read otherwise by now.
    if (keyed) {
      const stored = await this.challenges.findById(keyed.id);
      if (stored) return replayOf(stored, keyed.idempotency.fingerprint);
    }
    const enterpriseId = principal.role === 'enterprise' ? principal.enterpriseId : input.enterpriseId;
    if (!enterpriseId)
      throw new ProblemException(400, 'invalid request', 'enterpriseId is required', [
        { field: 'enterpriseId', message: 'required for operators' },
      ]);
    const enterprise = await this.partners.findById(enterpriseId);
    if (enterprise?.kind !== 'enterprise') {
      throw new ProblemException(400, 'invalid request', 'unknown enterprise', [{ field: 'enterpriseId', message: 'no such enterprise' }]);
    }
    const { enterpriseId: _ignored, ...fields } = input;
    const challenge: ChallengeDocument = {
      _id: keyed?.id ?? randomUUID(),
      enterpriseId,
      ...fields,
      ndas: [],
      createdAt: new Date(),
      ...(keyed ? { idempotency: keyed.idempotency } : {}),
    };
    if (!(await this.challenges.insert(challenge))) {
      const stored = keyed ? await this.challenges.findById(challenge._id) : null;
      if (!stored) throw new Error(`challenge ${challenge._id} exists but cannot be read`);
      return replayOf(stored, keyed!.idempotency.fingerprint);
    }
    return ownerChallengeView(challenge);
  }

  /** Challenges the caller may see: an enterprise its own, a school those of enterprises it has an active R&D agreement with. */
  async list(principal: Principal): Promise<ChallengeView[]> {
    if (principal.role === 'operator') return (await this.challenges.all()).map(ownerChallengeView);
    if (principal.role === 'enterprise') {
      return (await this.challenges.byEnterprises([principal.enterpriseId])).map(ownerChallengeView);
    }
    if (principal.role !== 'school') return [];
    const covering = (await this.agreements.list({ schoolId: principal.schoolId })).filter((a) => agreementCoversRd(a, today()));
    const enterpriseIds = [...new Set(covering.map((a) => a.enterpriseId))];
    if (enterpriseIds.length === 0) return [];
    return (await this.challenges.byEnterprises(enterpriseIds)).map((c) =>
      challengeView(c, { as: 'school', schoolId: principal.schoolId }),
    );
  }

  async get(principal: Principal, id: string): Promise<ChallengeView> {
    const challenge = await this.readable(principal, id);
    if (principal.role === 'school') return challengeView(challenge, { as: 'school', schoolId: principal.schoolId });
    return challengeView(challenge, { as: 'owner' });
  }

  /**
   * Records a school's NDA, one per school. With an Idempotency-Key the NDA keeps an id derived from
   * the challenge, the caller and the key: a retry finds it before any rule and answers the challenge
   * as it stands, storing nothing; the key with another NDA is a 422 (ADR 0083, addendum). Of two
   * racing retries the one-NDA-per-school write stores one; the other reads it back and answers it.
   */
  async recordNda(principal: Principal, id: string, nda: RecordNda, idempotencyKey?: string): Promise<OwnerChallengeView> {
    const challenge = await this.owned(principal, id);
    const keyedId =
      idempotencyKey === undefined ? undefined : idempotentIdFor('nda', challenge._id, idempotencyCallerOf(principal), idempotencyKey);
    const retried = ndaRetryOf(challenge, keyedId, nda);
    if (retried) return retried;
    const school = await this.partners.findById(nda.schoolId);
    if (school?.kind !== 'school') {
      throw new ProblemException(400, 'invalid request', 'unknown school', [{ field: 'schoolId', message: 'no such school' }]);
    }
    const added = await this.challenges.addNda(challenge._id, {
      ...nda,
      recordedAt: new Date(),
      ...(keyedId ? { idempotentId: keyedId } : {}),
    });
    const stored = (await this.challenges.findById(id))!;
    if (!added) {
      const raced = ndaRetryOf(stored, keyedId, nda);
      if (raced) return raced;
      throw new ProblemException(409, 'NDA already recorded', `an NDA for school ${nda.schoolId} is already recorded`);
    }
    return ownerChallengeView(stored);
  }

  /** The challenge if the caller owns it (its enterprise) or operates the service; 404 for anyone else. */
  async owned(principal: Principal, id: string): Promise<ChallengeDocument> {
    const challenge = await this.challenges.findById(id);
    if (
      challenge &&
      (principal.role === 'operator' || (principal.role === 'enterprise' && principal.enterpriseId === challenge.enterpriseId))
    ) {
      return challenge;
    }
    throw notFound(id);
  }

  /** Owner, operator, or a school with an active agreement covering R&D with the challenge's enterprise. */
  async readable(principal: Principal, id: string): Promise<ChallengeDocument> {
    if (principal.role !== 'school') return this.owned(principal, id);
    const challenge = await this.challenges.findById(id);
    if (challenge && (await this.schoolCovered(principal.schoolId, challenge.enterpriseId))) return challenge;
    throw notFound(id);
  }

  async schoolCovered(schoolId: string, enterpriseId: string): Promise<boolean> {
    const agreements = await this.agreements.list({ schoolId, enterpriseId });
    return agreements.some((a) => agreementCoversRd(a, today()));
  }

  findById(id: string): Promise<ChallengeDocument | null> {
    return this.challenges.findById(id);
  }
}

/** The answer to a retry with an Idempotency-Key: the stored challenge, if the request was the same. */
function replayOf(stored: ChallengeDocument, fingerprint: string): OwnerChallengeView {
  if (stored.idempotency?.fingerprint !== fingerprint) throw idempotencyKeyReused('challenge');
  return ownerChallengeView(stored);
}

/**
 * The answer to a retry with an Idempotency-Key (undefined: no NDA recorded under the key): the
 * challenge as it stands, if the NDA recorded under the key is this request's. The NDA is the
 * request's record (no fingerprint is stored): school, date and signatory must match.
 */
function ndaRetryOf(challenge: ChallengeDocument, keyedId: string | undefined, nda: RecordNda): OwnerChallengeView | undefined {
  const earlier = keyedId === undefined ? undefined : challenge.ndas.find((n) => n.idempotentId === keyedId);
  if (!earlier) return undefined;
  if (earlier.schoolId !== nda.schoolId || earlier.signedOn !== nda.signedOn || earlier.signedBy !== nda.signedBy) {
    throw idempotencyKeyReused('NDA');
  }
  return ownerChallengeView(challenge);
}

function notFound(id: string): ProblemException {
  return new ProblemException(404, 'challenge not found', `no challenge ${id} visible to you`);
}
