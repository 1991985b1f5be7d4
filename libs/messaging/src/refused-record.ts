/**
 * Broker answers that mean "this record will never be accepted": retrying the same bytes is
 * pointless, so the relay parks the record instead of retrying its whole batch for ever.
 */
const REFUSED_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TIMESTAMP']);

export function isRefusedRecord(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const e = current as { type?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof e.type === 'string' && REFUSED_TYPES.has(e.type)) return true;
    current = e.cause ?? e.originalError;
  }
  return false;
}
