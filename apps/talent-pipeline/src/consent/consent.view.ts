import { ConsentDocument } from './consent.document';
import { isConsentInForce } from './domain/consent-in-force';

export function consentView(consent: ConsentDocument, now = new Date()) {
  return {
    id: consent._id,
    studentId: consent.studentId,
    schoolId: consent.schoolId,
    enterpriseId: consent.enterpriseId,
    purpose: consent.purpose,
    grantedBy: consent.grantedBy,
    grantedAt: consent.grantedAt,
    expiresAt: consent.expiresAt,
    withdrawnAt: consent.withdrawnAt,
    recordedBy: consent.recordedBy,
    withdrawalRecordedBy: consent.withdrawalRecordedBy,
    inForce: isConsentInForce(consent, consent.enterpriseId, consent.purpose, now),
  };
}
