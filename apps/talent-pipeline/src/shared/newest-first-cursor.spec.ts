import { decodeNewestFirstCursor, encodeNewestFirstCursor } from './newest-first-cursor';

describe('newest-first cursor', () => {
  it('round-trips a position and is URL-safe', () => {
    const position = { createdAt: new Date('2026-09-01T08:00:00.123Z'), id: 'sub-1|evt-1|replay:r-1' };
    const cursor = encodeNewestFirstCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeNewestFirstCursor(cursor)).toEqual(position);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'hello'],
    ['JSON that is not a pair', Buffer.from('{"a":1}').toString('base64url')],
    ['a pair with a non-integer time', Buffer.from('[1.5,"x"]').toString('base64url')],
    ['a pair with an empty id', Buffer.from('[1,""]').toString('base64url')],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeNewestFirstCursor(cursor)).toBeNull();
  });
});
