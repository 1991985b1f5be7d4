import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErpRequisition, EventOf } from '@app/contracts';
import { OutgoingEvent } from '@app/messaging';
import { AggregateState, DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { checkedIdempotencyKey, idempotencyKeyReused, ProblemException } from '@app/base';
import { requisitionIdForErp, requisitionIdForIdempotencyKey } from './domain/erp-requisition-id';
import { assertRequisitionTransition, canTransitionRequisition, RequisitionStatus } from './domain/requisition-lifecycle';
import { OpenRequisitionDto } from './dto/open-requisition.dto';
import { openedEvent, statusChangedEvent, updatedEvent } from './requisition-events';
import { RequisitionDocument } from './requisition.document';
import { RequisitionsRepository } from './requisitions.repository';

export type ErpRequisitionEvent = EventOf<typeof ErpRequisition>;

/** What an ERP event did to its requisition. */
export type ErpApplyResult = 'opened' | 'updated' | 'unchanged' | 'duplicate' | 'stale';

/** The fields an ERP event sets; compared to tell a real change from a repeat. */
type RequisitionContent = Pick<RequisitionDocument, 'role' | 'skills' | 'headcount' | 'kind' | 'period' | 'location' | 'erp'>;

@Injectable()
export class RequisitionsService {
  constructor(private readonly requisitions: RequisitionsRepository) {}

  /**
   * Stores the requisition and, in the same write, its `opened` event. With an
   * Idempotency-Key the id is derived from it, so a retried POST returns the requisition it
   * opened (`replayed`) instead of opening a second one; the same key with other content is a 422.
   */
  async open(
    enterpriseId: string,
    dto: OpenRequisitionDto,
    correlationid?: string,
    idempotencyKey?: string,
  ): Promise<{ requisition: RequisitionDocument; replayed: boolean }> {
    checkedIdempotencyKey(idempotencyKey);
    if (dto.period.to < dto.period.from) {
      throw new ProblemException(400, 'invalid request', 'the requisition cannot be recorded', [
        { field: 'period.to', message: 'must not be before period.from' },
      ]);
    }
    const now = new Date();
    const id = idempotencyKey === undefined ? randomUUID() : requisitionIdForIdempotencyKey(enterpriseId, idempotencyKey);
    const requisition: AggregateState<RequisitionDocument> = {
      _id: id,
      enterpriseId,
      role: dto.role,
      skills: dto.skills.map((s) => ({ label: s.label, ...(s.escoUri ? { escoUri: s.escoUri } : {}) })),
      headcount: dto.headcount,
      kind: dto.kind,
      period: { from: dto.period.from, to: dto.period.to },
      location: dto.location,
      status: 'open',
      history: [{ status: 'open', at: now, cause: 'http' }],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.requisitions.store.insert(requisition, [openedEvent(requisition, now, correlationid)]);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError && idempotencyKey !== undefined)) throw error;
      // A retry (or a concurrent twin) of a request already stored under this key.
      const stored = (await this.requisitions.store.findById(id))!;
      if (!sameContent(stored, requisition)) throw idempotencyKeyReused('requisition');
      return { requisition: stored, replayed: true };
    }
    return { requisition: (await this.requisitions.store.findById(id))!, replayed: false };
  }

  /** A requisition of this enterprise; another enterprise's requisition is "not found". */
  /** The enterprise's requisition, or null (another enterprise's requisition counts as none). */
  async find(enterpriseId: string, id: string): Promise<RequisitionDocument | null> {
    const requisition = await this.requisitions.store.findById(id);
    return requisition?.enterpriseId === enterpriseId ? requisition : null;
  }

  async get(enterpriseId: string, id: string): Promise<RequisitionDocument> {
    const requisition = await this.find(enterpriseId, id);
    if (!requisition) {
      throw new ProblemException(404, 'requisition not found', `enterprise ${enterpriseId} has no requisition ${id}`);
    }
    return requisition;
  }

  list(filter: { enterpriseId?: string; status?: RequisitionStatus }): Promise<RequisitionDocument[]> {
    return this.requisitions.find(filter);
  }

  /**
   * Moves a requisition along its lifecycle and queues `status-changed` in the same write.
   * Throws IllegalRequisitionTransitionError for moves the lifecycle forbids.
   */
  async changeStatus(
    enterpriseId: string,
    id: string,
    to: RequisitionStatus,
    correlationid?: string,
    cause = 'http',
  ): Promise<RequisitionDocument> {
    return retryOnConflict(async () => {
      const requisition = await this.get(enterpriseId, id);
      assertRequisitionTransition(requisition.status, to);
      const at = new Date();
      const set = { status: to, updatedAt: at, history: [...requisition.history, { status: to, at, cause }] };
      await this.requisitions.store.update(requisition, set, [statusChangedEvent(requisition, requisition.status, to, at, correlationid)]);
      return this.get(enterpriseId, id);
    });
  }

  /**
   * Applies an ERP requisition: the first event for an (enterprise, ERP requisition id) opens
   * the requisition, a later one with different content updates it, `status: closed` closes it.
   * The requisition id is derived from both ids and the event's dedupe key is recorded in the
   * same write, so a redelivery — or the same event sent twice — has no second effect.
   */
  async applyErp(enterpriseId: string, event: ErpRequisitionEvent, dedupeKey: string): Promise<ErpApplyResult> {
    const id = requisitionIdForErp(enterpriseId, event.data.requisitionId);
    const content = contentOf(event.data);
    const cause = `${event.type} ${event.source} ${event.id}`;
    // Someone else inserting or changing it in between: read again and re-decide.
    return retryOnConflict(
      async () => {
        const existing = await this.requisitions.store.findById(id);
        if (!existing) {
          await this.insertFromErp(id, enterpriseId, content, event, cause, dedupeKey);
          return 'opened';
        }
        if (existing.appliedEvents?.includes(dedupeKey)) return 'duplicate';
        return this.updateFromErp(existing, content, event, cause, dedupeKey);
      },
      { alsoRetry: (error) => error instanceof DuplicateKeyError },
    );
  }

  private async insertFromErp(
    id: string,
    enterpriseId: string,
    content: RequisitionContent,
    event: ErpRequisitionEvent,
    cause: string,
    dedupeKey: string,
  ): Promise<void> {
    const at = new Date();
    const opened: AggregateState<RequisitionDocument> = {
      _id: id,
      enterpriseId,
      ...content,
      ...erpEventTimeOf(event),
      status: 'open',
      history: [{ status: 'open', at, cause }],
      createdAt: at,
      updatedAt: at,
    };
    const events: OutgoingEvent[] = [openedEvent(opened, at, event.correlationid)];
    let state = opened;
    if (event.data.status === 'closed') {
      // An ERP can report a requisition that is already closed: keep it, closed, with both steps.
      state = { ...opened, status: 'closed', history: [...opened.history, { status: 'closed', at, cause }] };
      events.push(statusChangedEvent(opened, 'open', 'closed', at, event.correlationid));
    }
    await this.requisitions.store.insert(state, events, dedupeKey);
  }

  private async updateFromErp(
    existing: RequisitionDocument,
    content: RequisitionContent,
    event: ErpRequisitionEvent,
    cause: string,
    dedupeKey: string,
  ): Promise<ErpApplyResult> {
    const at = new Date();
    const eventTime = erpEventTimeOf(event).erpEventTime;
    if (eventTime && existing.erpEventTime && eventTime < existing.erpEventTime) {
      // Older than what is applied: record it as seen (a redelivery stays a no-op), change nothing.
      const seen = await this.requisitions.store.update(existing, {}, [], dedupeKey);
      return seen === 'duplicate' ? 'duplicate' : 'stale';
    }
    const changed = !sameContent(existing, content);
    const set: Partial<AggregateState<RequisitionDocument>> = {
      ...(changed ? { ...content, updatedAt: at } : {}),
      ...(eventTime ? { erpEventTime: eventTime } : {}),
    };
    const events: OutgoingEvent[] = changed ? [updatedEvent({ ...existing, ...content, updatedAt: at }, at, event.correlationid)] : [];
    // A filled requisition stays filled (the demand was met); reopening is not a thing: new demand is a new requisition.
    if (event.data.status === 'closed' && canTransitionRequisition(existing.status, 'closed')) {
      set.status = 'closed';
      set.updatedAt = at;
      set.history = [...existing.history, { status: 'closed', at, cause }];
      events.push(statusChangedEvent(existing, existing.status, 'closed', at, event.correlationid));
    }
    const result = await this.requisitions.store.update(existing, set, events, dedupeKey);
    if (result === 'duplicate') return 'duplicate';
    return events.length ? 'updated' : 'unchanged';
  }
}

/** The event's own time, when the ERP set one (CloudEvents `time` is optional). */
function erpEventTimeOf(event: ErpRequisitionEvent): { erpEventTime?: Date } {
  const time = event.time ? new Date(event.time) : undefined;
  return time && !Number.isNaN(time.getTime()) ? { erpEventTime: time } : {};
}

function contentOf(data: ErpRequisitionEvent['data']): RequisitionContent {
  return {
    role: data.position.title,
    skills: data.skills.map((s) => ({ label: s.label, ...(s.escoUri ? { escoUri: s.escoUri } : {}) })),
    headcount: data.headcount,
    kind: data.kind,
    period: { from: data.period.from, to: data.period.to },
    location: data.location,
    erp: { requisitionId: data.requisitionId, positionId: data.position.id },
  };
}

function sameContent(existing: RequisitionDocument, content: RequisitionContent): boolean {
  // Rebuilt field by field so key order (after a trip through Mongo) cannot make equal content differ.
  const canonical = (r: RequisitionContent) =>
    JSON.stringify([
      r.role,
      r.skills.map((s) => [s.label, s.escoUri ?? null]),
      r.headcount,
      r.kind,
      [r.period.from, r.period.to],
      r.location,
      r.erp ? [r.erp.requisitionId, r.erp.positionId?.value, r.erp.positionId?.schemeId, r.erp.positionId?.schemeAgencyId ?? null] : null,
    ]);
  return canonical(existing) === canonical(content);
}
