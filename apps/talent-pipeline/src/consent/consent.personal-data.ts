import { declarePersonalData, kept, notPersonal } from '@app/contracts';
import { ConsentDocument } from './consent.document';
import { CONSENTS } from '../shared/collections';

const PROOF = 'kept, withdrawn, as proof of what was allowed when (GDPR Art. 7(1), defence of legal claims)';

export const CONSENT_PERSONAL_DATA = declarePersonalData<ConsentDocument>({
  service: 'talent-pipeline',
  store: CONSENTS,
  about: "students' consents",
  retention:
    'as long as the disclosures they allowed must be provable; an erasure withdraws every consent and tombstones it on the compacted privacy.consent.v1 topic',
  fields: {
    _id: notPersonal,
    studentId: kept('the pseudonym after erasure'),
    schoolId: notPersonal,
    enterpriseId: kept(PROOF),
    purpose: kept(PROOF),
    grantedBy: kept(PROOF),
    grantedAt: kept(PROOF),
    expiresAt: kept(PROOF),
    withdrawnAt: kept('set by the erasure if it was not already'),
    recordedBy: notPersonal,
    withdrawalRecordedBy: notPersonal,
    erasedAt: notPersonal,
  },
});
