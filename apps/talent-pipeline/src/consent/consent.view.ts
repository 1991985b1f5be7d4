import { ConsentDocument } from './consent.document';
import { isConsentInForce } from './domain/consent-in-force';

export function consentView(consent: ConsentDocument, now = new Date()) {
  const { _id, ...rest } = consent;
  return { id: _id, ...rest, inForce: isConsentInForce(consent, consent.enterpriseId, consent.purpose, now) };
}
