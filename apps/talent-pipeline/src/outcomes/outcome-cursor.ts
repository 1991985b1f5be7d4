/** Opaque cursor over a school's outcome feed; wraps the feed sequence number. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/** Returns the sequence number, or null if the cursor is not one this API issued. */
export function decodeCursor(cursor: string): number | null {
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  const seq = match ? Number(match[1]) : NaN;
  // A larger number is not the one written, and would not encode back to a cursor that decodes.
  return Number.isSafeInteger(seq) ? seq : null;
}

/**
 * How long a missing feed position may still be filled. A position is taken before its entry is
 * written, so during a rebalance overlap or a replay the entry after it can land first; past
 * this, a hole is one a crash left between taking the position and writing it.
 */
export const FEED_GAP_SETTLE_MS = 5_000;

/**
 * The first missing position after `afterSeq` that may still be written (an entry after it was
 * recorded less than FEED_GAP_SETTLE_MS ago), or undefined. A reader stops before it, so its
 * cursor never passes an entry that has yet to arrive.
 */
export function firstUnsettledGap(afterSeq: number, positions: { seq: number; recordedAt: Date }[], now: Date): number | undefined {
  let expected = afterSeq + 1;
  for (const { seq, recordedAt } of positions) {
    if (seq > expected && now.getTime() - recordedAt.getTime() < FEED_GAP_SETTLE_MS) return expected;
    expected = seq + 1;
  }
  return undefined;
}
