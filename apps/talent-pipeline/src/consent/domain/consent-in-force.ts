import { ConsentPurpose } from './consent-purpose';

/** The facts of one consent that decide whether it is in force. */
export interface ConsentRecord {
  enterpriseId: string;
  purpose: ConsentPurpose;
  grantedAt: Date;
  expiresAt?: Date;
  withdrawnAt?: Date;
}

/** Whether this one consent covers the enterprise and purpose at `at`. */
export function isConsentInForce(consent: ConsentRecord, enterpriseId: string, purpose: ConsentPurpose, at: Date): boolean {
  return (
    consent.enterpriseId === enterpriseId &&
    consent.purpose === purpose &&
    consent.grantedAt.getTime() <= at.getTime() &&
    (consent.withdrawnAt === undefined || at.getTime() < consent.withdrawnAt.getTime()) &&
    (consent.expiresAt === undefined || at.getTime() < consent.expiresAt.getTime())
  );
}

/** The consent (of one student) that covers the enterprise and purpose at `at`, if any. */
export function findConsentInForce<C extends ConsentRecord>(
  consents: readonly C[],
  enterpriseId: string,
  purpose: ConsentPurpose,
  at: Date,
): C | undefined {
  return consents.find((consent) => isConsentInForce(consent, enterpriseId, purpose, at));
}

/**
 * Whether any of a student's consents lets `enterpriseId` use their data for `purpose` at
 * `at`: granted at or before `at`, not withdrawn and not expired by then. Consent is per
 * enterprise and per purpose; one never stands in for another.
 */
export function consentInForce(consents: readonly ConsentRecord[], enterpriseId: string, purpose: ConsentPurpose, at: Date): boolean {
  return findConsentInForce(consents, enterpriseId, purpose, at) !== undefined;
}
