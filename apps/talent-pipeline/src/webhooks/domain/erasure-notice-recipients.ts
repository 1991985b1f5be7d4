/**
 * Whether a subscription that was sent deliveries about a student must get the erasure notice:
 * a school's subscription always received its student's outcome as stored; an enterprise's
 * only when the student's consent was in force at an attempt, which the disclosure ledger
 * records per delivery (`disclosedTo`: the subscriptions the ledger names). An enterprise that
 * only ever received the redacted outcome learns nothing from a notice but the student's id,
 * so it gets none.
 */
export function isErasureNoticeRecipient(
  subscription: { _id: string; enterpriseId?: string } | null,
  disclosedTo: ReadonlySet<string>,
): boolean {
  if (!subscription?.enterpriseId) return true;
  return disclosedTo.has(subscription._id);
}
