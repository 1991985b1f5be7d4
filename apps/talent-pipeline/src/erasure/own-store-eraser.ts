import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { ConsentService } from '../consent/consent.service';
import { DisclosureService } from '../disclosures/disclosure.service';
import { ERP_EVENT_PERSONAL_FIELDS } from '../erp-ingest/domain/erp-person-erasure';
import { ErpIngestService } from '../erp-ingest/erp-ingest.service';
import { OutcomesService } from '../outcomes/outcomes.service';
import { PSEUDONYMISED_PLACEMENT_FIELDS } from '../placements/domain/student-pseudonymisation';
import { PlacementsService } from '../placements/placements.service';
import { ERASED_STUDENT_FIELDS } from '../students/student.document';
import { StudentsService } from '../students/students.service';
import { WebhookSubscriptionsService } from '../webhooks/webhook-subscriptions.service';
import { ErasureConfirmedData, ErasureRequestedData, ERASURE_NOTICE_TYPE, erasureNoticeEvent } from './domain/erasure-events';

type ErasureAction = ErasureConfirmedData['actions'][number];

export interface OwnStoreErasure {
  actions: ErasureAction[];
  /** The erasure notices enqueued, one per webhook subscription that was sent the student's data. */
  notices: { subscriptionId: string; deliveryId: string }[];
  noticeEventId: string;
  /** Tombstones queued on compacted topics (one per consent of the student). */
  tombstones: { topic: string; key: string }[];
}

/**
 * Erases or pseudonymises one student in the talent pipeline's own stores, each through the
 * feature that owns it, in an order that is safe to repeat after a crash at any step: the
 * recipients are found and noticed before the deliveries are rewritten, and the student
 * document goes last. Consents are withdrawn and tombstoned by student id, which stays as the
 * pseudonym, so a repeat finds them again.
 * What is kept and why is stated per field in docs/privacy.md.
 */
@Injectable()
export class OwnStoreEraser {
  constructor(
    private readonly students: StudentsService,
    private readonly consents: ConsentService,
    private readonly placements: PlacementsService,
    private readonly outcomes: OutcomesService,
    private readonly webhooks: WebhookSubscriptionsService,
    private readonly erp: ErpIngestService,
    private readonly disclosures: DisclosureService,
  ) {}

  async erase(request: ErasureRequestedData): Promise<OwnStoreErasure> {
    const { personId: studentId, requestId } = request;
    const at = new Date();
    // Marked before anything is swept: a fan-out, a consent or a note that read the student just
    // before finds the mark when it checks again after its write, and undoes what the sweep missed.
    await this.students.markErasing(studentId, at);
    // Read after the mark (no profile change writes after it) and before the document is erased:
    // the HR ids the student has or had find the ERP events about them.
    const student = await this.students.findById(studentId);
    const hrIds = student ? await this.students.idsToEraseOf(student) : [];
    const { placementIds, attendanceNotes } = await this.placements.pseudonymiseStudent(studentId, at);
    // ERP events may name the student by the platform's own id as well as by the ids a school recorded.
    const platformId = { schemeId: PLATFORM_STUDENT_SCHEME, value: studentId };
    const erp = await this.erp.erasePersonIds({
      placementIds,
      externalIds: [...hrIds, platformId],
    });

    const notice = erasureNoticeEvent({ requestId, studentId, schoolId: request.schoolId, placementIds, requestedAt: request.requestedAt });
    const notices = await this.webhooks.sendErasureNotice(studentId, notice, await this.webhookRecipientsInLedger(studentId));
    const deliveries = await this.webhooks.pseudonymiseStudent(studentId, ERASURE_NOTICE_TYPE);
    const feedEntries = await this.outcomes.pseudonymiseStudent(studentId);
    const tombstones = await this.consents.eraseStudent(studentId, at);
    // Worked out again right before the write: a removed id given to another student during the
    // sweeps is that student's now, and a hash of it here would claim their ERP events. Only ids
    // the sweep covered too: one released meanwhile still names the other student's events.
    const hashed = student
      ? (await this.students.idsToEraseOf(student)).filter((id) => hrIds.some((swept) => isDeepStrictEqual(swept, id)))
      : [];
    const before = await this.students.erase(studentId, requestId, at, hashed);

    const actions: ErasureAction[] = [
      { store: 'students', action: 'erased', fields: [...ERASED_STUDENT_FIELDS], records: before ? 1 : 0 },
      {
        store: 'students',
        action: 'kept-anonymised',
        fields: ['schoolId', 'programme', 'cohort', 'registeredAt', 'changedAt', ...(before?.departedAt ? ['departedAt'] : [])],
        records: before ? 1 : 0,
      },
      // The HR ids go, and keyed hashes of them stay, so an ERP event naming the student by them later is kept without them.
      {
        store: 'students',
        action: 'pseudonymised',
        fields: ['erasedIdHashes'],
        records: this.students.erasedIdHashesOf(before, hashed) ? 1 : 0,
      },
      {
        store: 'consents',
        action: 'kept-anonymised',
        fields: ['enterpriseId', 'purpose', 'grantedBy', 'grantedAt', 'expiresAt', 'withdrawnAt'],
        records: tombstones.length,
      },
      { store: 'placements', action: 'pseudonymised', fields: [...PSEUDONYMISED_PLACEMENT_FIELDS], records: placementIds.length },
      { store: 'placement_attendance', action: 'erased', fields: ['note'], records: attendanceNotes },
      { store: 'outcome_feed', action: 'pseudonymised', fields: ['event.data.endOfPlacement.reason'], records: feedEntries },
      {
        store: 'webhook_deliveries',
        action: 'pseudonymised',
        fields: ['event.data.endOfPlacement.reason', 'status (pending -> cancelled)'],
        records: deliveries,
      },
      { store: 'erp_inbox', action: 'pseudonymised', fields: [...ERP_EVENT_PERSONAL_FIELDS], records: erp.inbox },
      { store: 'erp_review_queue', action: 'pseudonymised', fields: [...ERP_EVENT_PERSONAL_FIELDS], records: erp.reviewQueue },
    ];
    return { actions, notices, noticeEventId: notice.id, tombstones };
  }

  /** The webhook subscriptions the disclosure ledger says were sent the student's data. */
  private async webhookRecipientsInLedger(studentId: string): Promise<Set<string>> {
    let entries;
    try {
      entries = await this.disclosures.listForStudent(studentId);
    } catch (error) {
      // No entry and no student (a repeat after the first run erased it): nothing to add.
      if (error instanceof ProblemException && error.getStatus() === 404) return new Set();
      throw error;
    }
    return new Set(entries.flatMap((entry) => (entry.channel === 'webhook' && entry.subscriptionId ? [entry.subscriptionId] : [])));
  }
}
