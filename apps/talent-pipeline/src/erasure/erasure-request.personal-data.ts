import { declarePersonalData, kept, notPersonal } from '@app/contracts';
import { ERASURE_REQUESTS, ErasureRequestDocument } from './erasure-request.document';

const PROOF = 'the completion proof the school keeps (GDPR Art. 5(2), 17, 19): ids, field names and counts only';

export const ERASURE_REQUEST_PERSONAL_DATA = declarePersonalData<ErasureRequestDocument>({
  service: 'talent-pipeline',
  store: ERASURE_REQUESTS,
  about: 'erasure requests',
  retention: 'kept: the proof of the erasure',
  fields: {
    _id: notPersonal,
    studentId: kept(PROOF),
    schoolId: notPersonal,
    origin: notPersonal,
    reason: kept('the legal ground in words, never personal data'),
    requestedBy: notPersonal,
    requestedAt: notPersonal,
    status: notPersonal,
    confirmations: kept(PROOF),
    recipients: kept(PROOF),
    noticeEventId: notPersonal,
    completedAt: notPersonal,
    kafkaCopiesGoneBy: notPersonal,
  },
});
