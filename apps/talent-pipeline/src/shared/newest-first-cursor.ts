/** Where a newest-first page (delivery log, placements) ended: the order is (createdAt, id) descending. */
export interface NewestFirstPosition {
  createdAt: Date;
  id: string;
}

/** Opaque, URL-safe cursor for the next newest-first page. */
export function encodeNewestFirstCursor(position: NewestFirstPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString('base64url');
}

/** The position, or null if the cursor is not one this API issued. */
export function decodeNewestFirstCursor(cursor: string): NewestFirstPosition | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [ms, id] = parsed as unknown[];
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || typeof id !== 'string' || !id) return null;
    return { createdAt: new Date(ms), id };
  } catch {
    return null;
  }
}
