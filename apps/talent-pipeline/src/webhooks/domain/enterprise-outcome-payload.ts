import { CloudEvent } from '@app/contracts';

/** The fields of a placement outcome that are the student's personal data. */
export const OUTCOME_PERSONAL_FIELDS = ['studentId', 'programme', 'cohort', 'hire', 'endOfPlacement'] as const;

/** The personal fields an outcome carries (for the disclosure ledger). */
export function outcomePersonalFields(data: Partial<Record<(typeof OUTCOME_PERSONAL_FIELDS)[number], unknown>>): string[] {
  return OUTCOME_PERSONAL_FIELDS.filter((field) => data[field] !== undefined);
}

/**
 * The outcome without the student's personal data, for an enterprise whose consent is not in
 * force at the attempt: the placement id, the enterprise's role and kind and what happened
 * stay; `redacted` says what was removed and why. Same event id, so receivers still dedupe.
 */
export function redactedOutcome(event: CloudEvent<string, object>): CloudEvent {
  const data: Record<string, unknown> = { ...event.data };
  for (const field of OUTCOME_PERSONAL_FIELDS) delete data[field];
  return { ...event, data: { ...data, redacted: { reason: 'consent not in force', fields: [...OUTCOME_PERSONAL_FIELDS] } } };
}
