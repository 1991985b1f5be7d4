import { isErasureNoticeRecipient } from './erasure-notice-recipients';

describe('isErasureNoticeRecipient', () => {
  const disclosedTo = new Set(['enterprise-sub-with-consent']);

  it("notifies a school's subscription, and one that no longer exists (its failure shows in the proof)", () => {
    expect(isErasureNoticeRecipient({ _id: 'school-sub' }, disclosedTo)).toBe(true);
    expect(isErasureNoticeRecipient(null, disclosedTo)).toBe(true);
  });

  it("notifies an enterprise's subscription only if the ledger says it received the student's data", () => {
    expect(isErasureNoticeRecipient({ _id: 'enterprise-sub-with-consent', enterpriseId: 'e1' }, disclosedTo)).toBe(true);
    expect(isErasureNoticeRecipient({ _id: 'enterprise-sub-redacted', enterpriseId: 'e1' }, disclosedTo)).toBe(false);
  });
});
