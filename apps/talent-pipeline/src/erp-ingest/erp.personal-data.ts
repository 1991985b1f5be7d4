import { declarePersonalData, FieldDeclaration, notPersonal, pseudonymised } from '@app/contracts';
import { ERP_INBOX, ErpInboxDocument } from './erp-inbox.repository';
import { ReviewItemDocument } from './review-queue.repository';

const ERP_EVENT: FieldDeclaration = pseudonymised(
  "the ERP event as received; a hire or an end of a placement may name the person by HR ids (data.person.ids): their values become [erased], and an end's free-text reason (data.endReason) and the free-text subject are removed, by the erasure's sweep and, for an event that arrives later about the erased student (by its placement, its platform id or the hashes it keeps of its HR ids), by the consumer before it settles or holds the event",
);

export const ERP_INBOX_PERSONAL_DATA = declarePersonalData<ErpInboxDocument>({
  service: 'talent-pipeline',
  store: ERP_INBOX,
  about: "enterprises' ERP events (dedupe and audit of what an ERP sent)",
  retention: 'no expiry yet; person ids erased with the student',
  fields: {
    _id: notPersonal,
    enterpriseId: notPersonal,
    event: ERP_EVENT,
    status: notPersonal,
    dueOn: notPersonal,
    receivedAt: notPersonal,
  },
});

export const ERP_REVIEW_QUEUE_PERSONAL_DATA = declarePersonalData<ReviewItemDocument>({
  service: 'talent-pipeline',
  store: 'erp_review_queue',
  about: 'ERP events held for an operator',
  retention: 'kept after resolution; person ids erased with the student',
  fields: {
    _id: notPersonal,
    enterpriseId: notPersonal,
    event: ERP_EVENT,
    reason: notPersonal,
    status: notPersonal,
    queuedAt: notPersonal,
    resolution: pseudonymised('the placement and student id it was linked to (the pseudonym after erasure)'),
    claimedAt: notPersonal,
    rejection: notPersonal,
    awaitsSignatures: notPersonal,
  },
});
