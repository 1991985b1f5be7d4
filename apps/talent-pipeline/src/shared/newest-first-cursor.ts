import { ProblemException } from '@app/base';

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

/** The position a cursor query parameter names; 400 naming the parameter when this API did not issue it. */
function positionOfCursor(cursor: string, parameter: string): NewestFirstPosition {
  const position = decodeNewestFirstCursor(cursor);
  if (!position) {
    throw new ProblemException(400, 'invalid request', 'unknown cursor', [
      { field: parameter, message: 'not a cursor issued by this API' },
    ]);
  }
  return position;
}

/** The position a `before` query parameter names (none: the first page); 400 naming `before` when this API did not issue it. */
export function positionOfBefore(before: string | undefined): NewestFirstPosition | undefined {
  return before === undefined ? undefined : positionOfCursor(before, 'before');
}

/** Where an oldest-first page (a change feed) ended: the order is (at, id) ascending. Encoded as a newest-first position is. */
export interface OldestFirstPosition {
  at: Date;
  id: string;
}

/** The position an `after` query parameter names (none: from the start); 400 naming `after` when this API did not issue it. */
export function positionOfAfter(after: string | undefined): OldestFirstPosition | undefined {
  if (after === undefined) return undefined;
  const { createdAt, id } = positionOfCursor(after, 'after');
  return { at: createdAt, id };
}

export function encodeOldestFirstCursor(position: OldestFirstPosition): string {
  return encodeNewestFirstCursor({ createdAt: position.at, id: position.id });
}

/** The cursor of the page after a full one, from its last item's position; none after a shorter, last page. */
export function nextCursorAfter<T>(items: readonly T[], limit: number, positionOf: (item: T) => NewestFirstPosition): string | undefined {
  const last = items.at(-1);
  return items.length === limit && last !== undefined ? encodeNewestFirstCursor(positionOf(last)) : undefined;
}
