import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { dedupeKeyOf, ErasureConfirmed, ErasureRequested, EventOf } from '@app/contracts';
import { APP_CONFIG, BaseConfig, ProblemException } from '@app/base';
import { OutgoingEvent } from '@app/messaging';
import { DuplicateKeyError, retryOnConflict } from '@app/persistence';
import { nextCursorAfter, positionOfBefore } from '../shared/newest-first-cursor';
import { StudentsService } from '../students/students.service';
import { WebhookSubscriptionsService } from '../webhooks/webhook-subscriptions.service';
import { ErasureRequestedData, erasureConfirmedEvent, erasureRequestedEvent } from './domain/erasure-events';
import { erasureStatus, NoticeStatus } from './domain/erasure-status';
import { ErasureOrigin, ErasureRequestDocument, NoticeRecipient } from './erasure-request.document';
import { ErasureListFilter, ErasureRequestsRepository } from './erasure-requests.repository';
import { OwnStoreErasure, OwnStoreEraser } from './own-store-eraser';

/** Who files: the student's school, the operator on the person's request, or the retention schedule. */
export type ErasureFiler =
  { kind: 'school'; schoolId: string } | { kind: 'operator'; operatorId?: string } | { kind: 'retention'; rule: string };

const CONFLICT_RETRIES = 10;

/** A change to a request: fields to set and events to queue with them. */
interface Decision {
  set: Partial<ErasureRequestDocument>;
  events?: OutgoingEvent[];
}

/**
 * Erasure requests: filing (idempotent per student while one is open), the talent pipeline's
 * own-store erasure when the request comes back from Kafka, every service's confirmation, and
 * the completion proof (docs/decisions/0037).
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly requests: ErasureRequestsRepository,
    private readonly students: StudentsService,
    private readonly eraser: OwnStoreEraser,
    private readonly webhooks: WebhookSubscriptionsService,
    @Inject(APP_CONFIG) private readonly config: Pick<BaseConfig, 'KAFKA_PERSONAL_DATA_MAX_AGE_DAYS'>,
  ) {}

  /**
   * Files a request for the student and queues privacy.erasure.requested.v1 with it. While one
   * is open for the student, returns that one instead (`created: false`).
   */
  async file(studentId: string, reason: string, filer: ErasureFiler): Promise<{ request: ErasureRequestDocument; created: boolean }> {
    const student = await this.students.findById(studentId);
    if (!student) {
      // This service may have erased the student already while the request waits for the others:
      // filing again returns that request, as it does before.
      const open = await this.openRequestOf(studentId);
      if (open && (filer.kind !== 'school' || open.schoolId === filer.schoolId)) return { request: open, created: false };
    }
    if (!student || (filer.kind === 'school' && student.schoolId !== filer.schoolId)) {
      throw new ProblemException(404, 'student not found', `no student with id ${studentId}`);
    }
    const requestId = await this.requests.lockOpen(studentId, randomUUID());
    const open = await this.requests.store.findById(requestId);
    if (open?.status === 'pending') return { request: open, created: false };
    if (open) {
      // A lock its completed request did not release (a crash between the two writes): release it, file anew.
      await this.requests.unlockOpen(studentId, open._id);
      return this.file(studentId, reason, filer);
    }
    // A new request, or one whose lock was taken by a filing that died before storing it.
    const requestedAt = new Date();
    const origin: ErasureOrigin = filer.kind;
    const request = {
      _id: requestId,
      studentId,
      schoolId: student.schoolId,
      origin,
      reason,
      requestedBy: requesterOf(filer),
      requestedAt,
      status: 'pending' as const,
      confirmations: {},
    };
    const event = erasureRequestedEvent({
      requestId,
      personId: studentId,
      personKind: 'student',
      schoolId: student.schoolId,
      origin,
      reason,
      requestedAt: requestedAt.toISOString(),
    });
    try {
      await this.requests.store.insert(request, [event]);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      return { request: (await this.requests.store.findById(requestId))!, created: false };
    }
    return { request: (await this.requests.store.findById(requestId))!, created: true };
  }

  /** Whether an erasure of the student is filed and not yet complete (it may not have started yet). */
  async isPendingFor(studentId: string): Promise<boolean> {
    return (await this.openRequestOf(studentId)) !== undefined;
  }

  /** The student's open (pending) request, if there is one. */
  private async openRequestOf(studentId: string): Promise<ErasureRequestDocument | undefined> {
    const requestId = await this.requests.openRequestIdOf(studentId);
    const request = requestId ? await this.requests.store.findById(requestId) : null;
    return request?.status === 'pending' ? request : undefined;
  }

  /** The request with its notices' latest results; a school sees only its own (404 otherwise). */
  async get(requestId: string, schoolId?: string): Promise<ErasureRequestDocument> {
    const request = await this.refresh(requestId);
    if (!request || (schoolId !== undefined && request.schoolId !== schoolId)) {
      throw new ProblemException(404, 'erasure request not found', `no erasure request with id ${requestId}`);
    }
    return request;
  }

  async list(filter: ErasureListFilter, page: { limit: number; before?: string }) {
    const items = await this.requests.list(filter, { limit: page.limit, before: positionOfBefore(page.before) });
    return { items, nextCursor: nextCursorAfter(items, page.limit, (request) => ({ createdAt: request.requestedAt, id: request._id })) };
  }

  /**
   * privacy.erasure.requested.v1 came back from Kafka: erase the talent pipeline's own copy,
   * notice the webhook recipients, record them, and queue this service's confirmation in the
   * same write. A redelivery (the event's dedupe key is recorded with that write) changes nothing.
   */
  async applyRequested(event: EventOf<typeof ErasureRequested>): Promise<void> {
    const appliedEvent = dedupeKeyOf(event);
    const current = await this.ensureRequest(event.data);
    if (current.appliedEvents?.includes(appliedEvent)) return;
    const erased = await this.eraser.erase(event.data);
    await this.change(
      current._id,
      (request) => {
        const recipients = mergeRecipients(request.recipients, erased);
        const confirmation = erasureConfirmedEvent({
          requestId: request._id,
          personId: request.studentId,
          service: 'talent-pipeline',
          actions: erased.actions,
          tombstones: erased.tombstones,
          confirmedAt: new Date().toISOString(),
        });
        return { set: { recipients, noticeEventId: erased.noticeEventId }, events: [confirmation] };
      },
      appliedEvent,
    );
  }

  /** A service's privacy.erasure.confirmed.v1: recorded once per service (the first one counts), then completion is checked. */
  async recordConfirmation(event: EventOf<typeof ErasureConfirmed>): Promise<void> {
    const { requestId, service, actions, tombstones, confirmedAt } = event.data;
    // A request filed by another deployment sharing the topic is not ours to track.
    if (!(await this.requests.store.findById(requestId))) return;
    await this.change(
      requestId,
      (request) =>
        request.confirmations[service]
          ? undefined
          : {
              set: {
                confirmations: {
                  ...request.confirmations,
                  [service]: { actions, tombstones: tombstones ?? [], confirmedAt: new Date(confirmedAt), receivedAt: new Date() },
                },
              },
            },
      dedupeKeyOf(event),
    );
    await this.refresh(requestId);
  }

  /**
   * Reads the notices' deliveries into the request and completes it once every service has
   * confirmed and every notice is settled; the student's open-request slot is then released.
   */
  async refresh(requestId: string): Promise<ErasureRequestDocument | null> {
    let request = await this.requests.store.findById(requestId);
    if (!request || request.status !== 'pending') return request;
    request = await this.change(requestId, async (current) => {
      // Completed meanwhile by another pass (a replica, a GET): its completion time stands.
      if (current.status !== 'pending') return undefined;
      const recipients = current.recipients && (await this.noticeResults(current.recipients));
      const status = erasureStatus(Object.keys(current.confirmations), recipients);
      if (status === 'pending' && JSON.stringify(recipients) === JSON.stringify(current.recipients)) return undefined;
      return { set: { recipients, status, ...(status === 'pending' ? {} : this.completion(new Date())) } };
    });
    if (request && request.status !== 'pending') await this.requests.unlockOpen(request.studentId, request._id);
    return request;
  }

  /**
   * When the request completed, and by when the brokers will have deleted every record about the
   * student: the events of the erasure itself are the last written, and a record naming a person
   * stays at most KAFKA_PERSONAL_DATA_MAX_AGE_DAYS (ADR 0074).
   */
  private completion(completedAt: Date): Pick<ErasureRequestDocument, 'completedAt' | 'kafkaCopiesGoneBy'> {
    return { completedAt, kafkaCopiesGoneBy: new Date(completedAt.getTime() + this.config.KAFKA_PERSONAL_DATA_MAX_AGE_DAYS * 86_400_000) };
  }

  /** Completes the open requests that wait only for their notices' results (the scheduler calls this). */
  async refreshPending(limit = 100): Promise<void> {
    for (const { _id } of await this.requests.awaitingNoticesOnly(limit)) await this.refresh(_id);
  }

  private async noticeResults(recipients: NoticeRecipient[]): Promise<NoticeRecipient[]> {
    const deliveries = new Map((await this.webhooks.deliveriesByIds(recipients.map((r) => r.deliveryId))).map((d) => [d._id, d]));
    return recipients.map((recipient) => {
      const delivery = deliveries.get(recipient.deliveryId);
      if (!delivery) return recipient;
      const last = delivery.attempts.at(-1);
      const status: NoticeStatus = delivery.status === 'delivered' ? 'delivered' : delivery.status === 'pending' ? 'pending' : 'failed';
      const lastError =
        last && !(status === 'delivered') ? (last.error ?? (last.statusCode ? `HTTP ${last.statusCode}` : undefined)) : undefined;
      return {
        subscriptionId: recipient.subscriptionId,
        deliveryId: recipient.deliveryId,
        status,
        attempts: delivery.attempts.length,
        ...(status === 'delivered' ? { deliveredAt: delivery.finishedAt } : {}),
        ...(status === 'failed' ? { failedAt: delivery.finishedAt } : {}),
        ...(lastError ? { lastError } : {}),
      };
    });
  }

  /** The request of the event; created from the event if this service never stored it (filed by a tool or another replica's lost write). */
  private async ensureRequest(data: ErasureRequestedData): Promise<ErasureRequestDocument> {
    const existing = await this.requests.store.findById(data.requestId);
    if (existing) return existing;
    try {
      await this.requests.store.insert({
        _id: data.requestId,
        studentId: data.personId,
        schoolId: data.schoolId,
        origin: data.origin,
        reason: data.reason,
        requestedBy: data.origin,
        requestedAt: new Date(data.requestedAt),
        status: 'pending',
        confirmations: {},
      });
      await this.requests.lockOpen(data.personId, data.requestId);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    return (await this.requests.store.findById(data.requestId))!;
  }

  /**
   * Load, decide, write conditionally on the version, retry on a concurrent change. `decide`
   * returns undefined when there is nothing to change. Returns the request after the change.
   */
  private async change(
    requestId: string,
    decide: (request: ErasureRequestDocument) => Promise<Decision | undefined> | Decision | undefined,
    appliedEvent?: string,
  ): Promise<ErasureRequestDocument | null> {
    return retryOnConflict(
      async () => {
        const request = await this.requests.store.findById(requestId);
        if (!request) return null;
        if (appliedEvent && request.appliedEvents?.includes(appliedEvent)) return request;
        const decided = await decide(request);
        if (!decided) return request;
        await this.requests.store.update(request, decided.set, decided.events ?? [], appliedEvent);
        return this.requests.store.findById(requestId);
      },
      { attempts: CONFLICT_RETRIES },
    );
  }
}

/** `school:<id>`, `retention:<rule>`, or `operator` with the operator's X-Operator-Id when sent (the token is shared). */
function requesterOf(filer: ErasureFiler): string {
  if (filer.kind === 'school') return `school:${filer.schoolId}`;
  if (filer.kind === 'retention') return `retention:${filer.rule}`;
  return filer.operatorId ? `operator:${filer.operatorId}` : 'operator';
}

/** The recipients the own-store step found, added to those already known (a repeat finds the same ones). */
function mergeRecipients(known: NoticeRecipient[] | undefined, erased: OwnStoreErasure): NoticeRecipient[] {
  const recipients = [...(known ?? [])];
  for (const notice of erased.notices) {
    if (!recipients.some((r) => r.deliveryId === notice.deliveryId)) recipients.push({ ...notice, status: 'pending', attempts: 0 });
  }
  return recipients;
}
