import { ConsentPurpose } from '../consent/domain/consent-purpose';

/** One entry of the append-only disclosure ledger: who received which personal data, when and why. */
export interface DisclosureDocument {
  _id: string;
  studentId: string;
  schoolId: string;
  /** Who received the data. */
  recipient: { kind: 'enterprise'; enterpriseId: string };
  /** Which fields of the profile were disclosed. */
  fields: string[];
  /** Why: the purpose and the consent in force that allowed it. */
  purpose: ConsentPurpose;
  consentId: string;
  disclosedAt: Date;
  /** The request id of the disclosing HTTP request, to find its log lines. */
  correlationId: string;
  /** How the data left, e.g. `GET /v1/enterprises/{enterpriseId}/students/{studentId}`. */
  channel: string;
}
