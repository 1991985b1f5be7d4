import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgreementDrafted, AgreementPlacementKind, AgreementState, AgreementStatusChanged, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { FieldError, keyedDocument, ProblemException, replayOf } from '@app/base';
import { PartnersService } from '../partners/partners.service';
import { TALENT_PIPELINE_SOURCE } from '../shared/event-source';
import { AgreementDocument } from './agreement.document';
import { AgreementsRepository } from './agreements.repository';
import { agreementCovers } from './domain/agreement-coverage';
import { assertAgreementTransition, AgreementStatus } from './domain/agreement-lifecycle';
import { CreateAgreementDto } from './dto/create-agreement.dto';

@Injectable()
export class AgreementsService {
  constructor(
    private readonly agreements: AgreementsRepository,
    private readonly partners: PartnersService,
  ) {}

  /**
   * Records a draft agreement and, in the same write, its `drafted` event for the other services.
   * Under an Idempotency-Key the agreement's id is derived from it: a retry, answered before any
   * check, gets the agreement as it stands (`replayed`); the key with another request is a 422 (ADR 0094).
   */
  async create(
    dto: CreateAgreementDto,
    correlationid?: string,
    idempotencyKey?: string,
  ): Promise<{ agreement: AgreementDocument; replayed: boolean }> {
    const keyed = keyedDocument('agreement', 'operator', idempotencyKey, dto);
    if (keyed) {
      const stored = await this.agreements.store.findById(keyed.id);
      if (stored) return { agreement: replayOf(stored, keyed.idempotency.fingerprint, 'agreement'), replayed: true };
    }
    const [school, enterprise] = await Promise.all([
      this.partners.findSchool(dto.schoolId),
      this.partners.findEnterprise(dto.enterpriseId),
    ]);
    const errors: FieldError[] = [
      ...(school ? [] : [{ field: 'schoolId', message: 'no such school' }]),
      ...(enterprise ? [] : [{ field: 'enterpriseId', message: 'no such enterprise' }]),
      ...(dto.period.to < dto.period.from ? [{ field: 'period.to', message: 'must not be before period.from' }] : []),
    ];
    if (errors.length) throw new ProblemException(400, 'invalid request', 'the agreement cannot be recorded', errors);

    const now = new Date();
    const agreement = {
      _id: keyed?.id ?? randomUUID(),
      schoolId: dto.schoolId,
      enterpriseId: dto.enterpriseId,
      scope: dto.scope,
      period: { from: dto.period.from, to: dto.period.to },
      placementKinds: dto.placementKinds,
      ...(dto.programmes ? { programmes: dto.programmes } : {}),
      status: 'draft' as const,
      history: [{ status: 'draft' as const, at: now }],
      createdAt: now,
      ...(keyed ? { idempotency: { fingerprint: keyed.idempotency.fingerprint } } : {}),
    };
    const event = newCloudEvent(AgreementDrafted, {
      source: TALENT_PIPELINE_SOURCE,
      subject: `agreements/${agreement._id}`,
      correlationid,
      time: now,
      data: { ...stateOf({ ...agreement, version: 1 }), status: 'draft', createdAt: now.toISOString() },
    });
    try {
      await this.agreements.store.insert(agreement, [outgoing(agreement._id, event)]);
    } catch (error) {
      // A twin sent at once with the same key stored it first.
      const raced = keyed && error instanceof DuplicateKeyError ? await this.agreements.store.findById(agreement._id) : null;
      if (!raced) throw error;
      return { agreement: replayOf(raced, keyed!.idempotency.fingerprint, 'agreement'), replayed: true };
    }
    return { agreement: (await this.agreements.store.findById(agreement._id))!, replayed: false };
  }

  async get(id: string): Promise<AgreementDocument> {
    const agreement = await this.agreements.store.findById(id);
    if (!agreement) throw new ProblemException(404, 'agreement not found', `no agreement with id ${id}`);
    return agreement;
  }

  list(filter: { schoolId?: string; enterpriseId?: string; status?: AgreementStatus }): Promise<AgreementDocument[]> {
    return this.agreements.find(filter);
  }

  /**
   * Moves an agreement to another status and queues its `status-changed` event in the same
   * single-document write. Throws IllegalAgreementTransitionError for moves the lifecycle
   * forbids; retries when another request changed the agreement in between.
   */
  async changeStatus(
    id: string,
    to: AgreementStatus,
    options: { reason?: string; correlationid?: string } = {},
  ): Promise<AgreementDocument> {
    return retryOnConflict(async () => {
      const agreement = await this.get(id);
      assertAgreementTransition(agreement.status, to);
      const at = new Date();
      const set = {
        status: to,
        history: [...agreement.history, { status: to, at, ...(options.reason ? { reason: options.reason } : {}) }],
      };
      const event = newCloudEvent(AgreementStatusChanged, {
        source: TALENT_PIPELINE_SOURCE,
        subject: `agreements/${id}`,
        correlationid: options.correlationid,
        time: at,
        data: {
          ...stateOf({ ...agreement, ...set, version: agreement.version + 1 }),
          previousStatus: agreement.status,
          ...(options.reason ? { reason: options.reason } : {}),
          changedAt: at.toISOString(),
        },
      });
      await this.agreements.store.update(agreement, set, [outgoing(id, event)]);
      return this.get(id);
    });
  }

  /**
   * Whether an active agreement between the school and the enterprise allows a placement of
   * `kind` on `date` (a calendar day; both ends of the period included).
   */
  async activeAgreementCovers(schoolId: string, enterpriseId: string, kind: AgreementPlacementKind, date: Date | string): Promise<boolean> {
    const active = await this.agreements.find({ schoolId, enterpriseId, status: 'active' });
    return active.some((agreement) => agreementCovers(agreement, kind, date));
  }

  /** Schools whose active agreement with the enterprise allows a placement of `kind` on `date`. */
  async schoolsCovering(enterpriseId: string, kind: AgreementPlacementKind, date: Date | string): Promise<string[]> {
    const active = await this.agreements.find({ enterpriseId, status: 'active' });
    return [...new Set(active.filter((agreement) => agreementCovers(agreement, kind, date)).map((a) => a.schoolId))];
  }
}

function stateOf(agreement: Omit<AgreementDocument, 'outbox' | 'appliedEvents'>): AgreementState {
  return {
    agreementId: agreement._id,
    schoolId: agreement.schoolId,
    enterpriseId: agreement.enterpriseId,
    scope: agreement.scope,
    period: agreement.period,
    placementKinds: agreement.placementKinds,
    ...(agreement.programmes ? { programmes: agreement.programmes } : {}),
    status: agreement.status,
    version: agreement.version,
  };
}

/** Keyed by agreement id, so one agreement's events keep their order. */
function outgoing(agreementId: string, event: OutgoingEvent['event']): OutgoingEvent {
  return { id: event.id, topic: Topics.agreements, key: agreementId, event };
}
