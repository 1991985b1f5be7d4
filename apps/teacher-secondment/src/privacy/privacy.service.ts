import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ErasureRequested, EventData } from '@app/contracts';
import { ConcurrencyConflictError, DuplicateKeyError } from '@app/persistence';
import { ProblemException } from '@app/base';
import { ErasureAction, ErasureDocument, ErasuresRepository } from './erasures.repository';
import { Disclosures, ErasureProof } from './privacy.response';
import { PERSON_FIELDS_BY_STORE } from './student-data-map';
import { Disclosure, DisclosureLedgerRepository, disclosureRecordedEvent, erasureConfirmationOf } from '@app/platform';
import { SECONDMENT_SOURCE } from '../shared/event-source';

const SERVICE = 'teacher-secondment' as const;

/** A teacher whose record a response shows to the host enterprise. */
export interface TeacherShown {
  teacherId: string;
  schoolId: string;
  fields: string[];
  /** The cooperation agreement the secondment's post was offered under, when known. */
  agreementId?: string;
}

/**
 * Privacy inside the secondment service (ADR 0041): the local disclosure ledger of teachers'
 * records shared with host enterprises (basis `agreement`), and the answer to a student's
 * erasure request — this service holds no student data, checked store by store.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    private readonly ledger: DisclosureLedgerRepository,
    private readonly erasures: ErasuresRepository,
  ) {}

  /** One ledger entry per teacher shown by this response (fields merged), one insert, each entry with its event. */
  async discloseToEnterprise(enterpriseId: string, teachers: TeacherShown[], purpose: string, correlationid?: string): Promise<void> {
    const byTeacher = new Map<string, TeacherShown>();
    for (const t of teachers) {
      const earlier = byTeacher.get(t.teacherId);
      byTeacher.set(t.teacherId, earlier ? { ...earlier, fields: [...new Set([...earlier.fields, ...t.fields])] } : t);
    }
    const disclosedAt = new Date().toISOString();
    const entries: Disclosure[] = [...byTeacher.values()].map((t) => ({
      disclosureId: randomUUID(),
      personId: t.teacherId,
      personKind: 'teacher',
      schoolId: t.schoolId,
      service: SERVICE,
      recipient: { kind: 'enterprise', id: enterpriseId },
      fields: t.fields,
      basis: { kind: 'agreement', ...(t.agreementId ? { agreementId: t.agreementId } : {}) },
      channel: 'api',
      purpose,
      disclosedAt,
    }));
    await this.ledger.record(entries.map((entry) => ({ entry, event: disclosureRecordedEvent(SECONDMENT_SOURCE, entry, correlationid) })));
  }

  /** The ledger of one person, newest first: each entry as privacy.disclosure.recorded.v1 carries it. */
  async disclosuresOf(personId: string): Promise<Disclosures> {
    const entries = await this.ledger.of(personId);
    return {
      personId,
      items: entries.map(({ _id, version: _version, outbox: _outbox, outboxPending: _pending, ...entry }) => ({
        disclosureId: _id,
        ...entry,
      })),
    };
  }

  /** What this service answered to an erasure request (its `_id` is the `requestId`). */
  async erasure(requestId: string): Promise<ErasureProof> {
    const doc = await this.erasures.store.findById(requestId);
    if (!doc) throw new ProblemException(404, 'erasure not found', `no erasure request ${requestId} reached this service`);
    return {
      requestId: doc._id,
      version: doc.version,
      personIdSha256: doc.personIdSha256,
      actions: doc.actions,
      status: doc.status,
      receivedAt: doc.receivedAt,
      confirmation: doc.confirmation,
    };
  }

  /**
   * Checks every store for the student's id and confirms through the outbox. A redelivery finds
   * the request confirmed and queues the same confirmation (same event id) again.
   */
  async erase(request: EventData<typeof ErasureRequested>, correlationid?: string): Promise<void> {
    let doc = await this.erasures.store.findById(request.requestId);
    if (!doc) {
      const actions: ErasureAction[] = [];
      for (const { store, fields } of PERSON_FIELDS_BY_STORE) {
        const records = await this.erasures.count(store, fields, request.personId);
        // Never expected (every id here is a teacher, engineer or partner); said loudly rather than erased blindly.
        if (records > 0)
          this.logger.error(`erasure ${request.requestId}: ${records} ${store} record(s) carry the student's id in ${fields.join(', ')}`);
        actions.push({ store, action: 'none-held', fields, records: 0 });
      }
      const confirmation = { eventId: randomUUID(), confirmedAt: new Date().toISOString() };
      const state = {
        _id: request.requestId,
        personIdSha256: createHash('sha256').update(request.personId).digest('hex'),
        actions,
        status: 'confirmed' as const,
        receivedAt: confirmation.confirmedAt,
        confirmation,
      };
      try {
        await this.erasures.store.insert(state, [this.confirmation(request, { ...state, version: 1, outbox: [] }, correlationid)]);
        return;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        doc = (await this.erasures.store.findById(request.requestId))!;
      }
    }
    try {
      await this.erasures.store.update(doc, {}, [this.confirmation(request, doc, correlationid)]);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }

  private confirmation(request: EventData<typeof ErasureRequested>, doc: ErasureDocument, correlationid?: string) {
    return erasureConfirmationOf(SECONDMENT_SOURCE, SERVICE, request, doc, correlationid);
  }
}
