import { declarePersonalData, kept, notPersonal } from '@app/contracts';
import { DisclosureDocument } from './disclosure.document';
import { DISCLOSURES } from './disclosure-ledger.repository';

const LEDGER = 'the record of disclosures the law requires (FERPA 34 CFR 99.32, GDPR Art. 19): ids and field names, no values';

export const DISCLOSURE_PERSONAL_DATA = declarePersonalData<DisclosureDocument>({
  service: 'talent-pipeline',
  store: DISCLOSURES,
  about: 'disclosures of students (and, gathered from the secondment service, teachers)',
  retention: 'kept after erasure (append-only ledger of ids)',
  fields: {
    _id: notPersonal,
    studentId: kept(LEDGER),
    personKind: notPersonal,
    schoolId: notPersonal,
    service: notPersonal,
    recipient: kept(LEDGER),
    fields: kept(LEDGER),
    basis: kept(LEDGER),
    purpose: kept(LEDGER),
    consentId: kept(LEDGER),
    channel: kept(LEDGER),
    route: kept(LEDGER),
    subscriptionId: kept(LEDGER),
    disclosedAt: kept(LEDGER),
    correlationId: notPersonal,
    gatheredAt: notPersonal,
  },
});
