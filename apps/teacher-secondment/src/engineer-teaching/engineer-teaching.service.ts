import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EngineerTeachingSignedOff, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { AgreementDirectoryRepository } from '@app/partner-directory';
import { DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { keyedDocument, ProblemException, replayOf } from '@app/base';
import { actorOf, Principal } from '../access/principal';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { decideOrProblem } from '../shared/problem-of';
import { dispute, signOff } from './domain/engagement-lifecycle';
import { EngagementDocument } from './engagement.document';
import { EngagementsRepository } from './engagements.repository';

export interface ReportTeaching {
  enterpriseId?: string;
  schoolId: string;
  engineerId: string;
  engineerName: string;
  course: string;
  module?: string;
  hours: number;
  period: { start: string; end: string };
}

@Injectable()
export class EngineerTeachingService {
  constructor(
    private readonly engagements: EngagementsRepository,
    private readonly agreements: AgreementDirectoryRepository,
  ) {}

  /** The enterprise reports an engineer's teaching at a partner school (an active agreement between them is required). */
  /** Under an Idempotency-Key the engagement's id is derived from the key: a retry is answered with it as it stands, before any rule (ADR 0093). */
  async report(principal: Principal, input: ReportTeaching, idempotencyKey?: string): Promise<EngagementDocument> {
    const keyed = keyedDocument('engineer-teaching', actorOf(principal), idempotencyKey, input);
    if (keyed) {
      const stored = await this.engagements.store.findById(keyed.id);
      if (stored) return replayOf(stored, keyed.idempotency.fingerprint, 'engagement');
    }
    const enterpriseId = principal.role === 'enterprise' ? principal.enterpriseId : input.enterpriseId;
    if (!enterpriseId)
      throw new ProblemException(400, 'invalid request', 'enterpriseId is required', [
        { field: 'enterpriseId', message: 'required for the operator' },
      ]);
    // As for posts: a body naming another enterprise is refused, not quietly recorded as the caller's.
    if (principal.role === 'enterprise' && input.enterpriseId && input.enterpriseId !== principal.enterpriseId) {
      throw new ProblemException(403, 'forbidden', "an enterprise reports its own engineers' teaching");
    }
    if (input.period.end < input.period.start) {
      throw new ProblemException(400, 'invalid request', 'the period ends before it starts', [
        { field: 'period.end', message: 'must not be before period.start' },
      ]);
    }
    const active = (await this.agreements.list({ schoolId: input.schoolId, enterpriseId })).some((a) => a.status === 'active');
    if (!active) {
      throw new ProblemException(422, 'no active agreement', 'engineers teach at schools the enterprise has an active agreement with', [
        { field: 'schoolId', message: 'no active agreement with this school' },
      ]);
    }
    const engagement = {
      _id: keyed?.id ?? randomUUID(),
      enterpriseId,
      schoolId: input.schoolId,
      engineerId: input.engineerId,
      engineerName: input.engineerName,
      course: input.course,
      ...(input.module ? { module: input.module } : {}),
      hours: input.hours,
      period: input.period,
      status: 'reported' as const,
      reportedBy: actorOf(principal),
      createdAt: new Date(),
      ...(keyed ? { idempotency: { fingerprint: keyed.idempotency.fingerprint } } : {}),
    };
    try {
      await this.engagements.store.insert(engagement);
    } catch (error) {
      // A twin under the same key inserted it first: answer what it stored.
      if (!(keyed && error instanceof DuplicateKeyError)) throw error;
      return replayOf((await this.engagements.store.findById(engagement._id))!, keyed.idempotency.fingerprint, 'engagement');
    }
    return (await this.engagements.store.findById(engagement._id))!;
  }

  async get(principal: Principal, id: string): Promise<EngagementDocument> {
    const engagement = await this.engagements.store.findById(id);
    const visible =
      engagement &&
      (principal.role === 'operator' ||
        (principal.role === 'school' && engagement.schoolId === principal.schoolId) ||
        (principal.role === 'enterprise' && engagement.enterpriseId === principal.enterpriseId));
    if (!visible) throw new ProblemException(404, 'engagement not found');
    return engagement;
  }

  list(principal: Principal): Promise<EngagementDocument[]> {
    switch (principal.role) {
      case 'operator':
        return this.engagements.find({});
      case 'school':
        return this.engagements.find({ schoolId: principal.schoolId });
      case 'enterprise':
        return this.engagements.find({ enterpriseId: principal.enterpriseId });
      case 'teacher':
      case 'mentor':
        throw new ProblemException(403, 'forbidden');
    }
  }

  /** The school signs off the hours; secondment.engineer-teaching.signed-off.v1 is queued in the same write. */
  async signOff(principal: Principal, id: string, correlationid?: string): Promise<EngagementDocument> {
    return this.decide(principal, id, (e) => {
      const set = { ...decideOrProblem(() => signOff(e.status)), decidedBy: actorOf(principal), decidedAt: new Date() };
      const event = newCloudEvent(EngineerTeachingSignedOff, {
        source: SECONDMENT_SOURCE,
        subject: `engagements/${e._id}`,
        time: set.decidedAt,
        correlationid,
        data: {
          engagementId: e._id,
          enterpriseId: e.enterpriseId,
          schoolId: e.schoolId,
          engineerId: e.engineerId,
          course: e.module ? `${e.course}: ${e.module}`.slice(0, 200) : e.course,
          hours: e.hours,
          signedOffAt: set.decidedAt.toISOString(),
          occurredAt: set.decidedAt.toISOString(),
        },
      });
      return { set, events: [{ id: event.id, topic: Topics.engineerTeaching, key: e._id, event }] };
    });
  }

  async dispute(principal: Principal, id: string, reason: string): Promise<EngagementDocument> {
    return this.decide(principal, id, (e) => ({
      set: { ...decideOrProblem(() => dispute(e.status)), decidedBy: actorOf(principal), decidedAt: new Date(), disputeReason: reason },
      events: [],
    }));
  }

  private async decide(
    principal: Principal,
    id: string,
    change: (e: EngagementDocument) => {
      set: Partial<EngagementDocument>;
      events: Parameters<EngagementsRepository['store']['update']>[2];
    },
  ): Promise<EngagementDocument> {
    return retryOnConflict(async () => {
      const engagement = await this.get(principal, id);
      const { set, events } = change(engagement);
      await this.engagements.store.update(engagement, set, events);
      return (await this.engagements.store.findById(id))!;
    });
  }
}
