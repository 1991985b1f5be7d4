import { ConsentDocument } from './consent.document';
import { ConsentView } from './consent.response';
import { isConsentInForce } from './domain/consent-in-force';

export function consentView(consent: ConsentDocument, now = new Date()): ConsentView {
  return {
    id: consent._id,
    studentId: consent.studentId,
    schoolId: consent.schoolId,
    enterpriseId: consent.enterpriseId,
    purpose: consent.purpose,
    grantedBy: consent.grantedBy,
    grantedAt: consent.grantedAt.toISOString(),
    expiresAt: consent.expiresAt?.toISOString(),
    withdrawnAt: consent.withdrawnAt?.toISOString(),
    recordedBy: consent.recordedBy,
    withdrawalRecordedBy: consent.withdrawalRecordedBy,
    inForce: isConsentInForce(consent, consent.enterpriseId, consent.purpose, now),
  };
}
