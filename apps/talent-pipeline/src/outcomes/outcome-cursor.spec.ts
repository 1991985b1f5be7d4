import { decodeCursor, encodeCursor } from './outcome-cursor';

describe('outcome feed cursor', () => {
  it.each([0, 1, 42, 1_000_000, Number.MAX_SAFE_INTEGER])('round-trips sequence %i', (seq) => {
    expect(decodeCursor(encodeCursor(seq))).toBe(seq);
  });

  it('is opaque and URL-safe', () => {
    const cursor = encodeCursor(123456789);
    expect(cursor).not.toContain('123456789');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('gives different cursors for different sequences', () => {
    expect(encodeCursor(1)).not.toBe(encodeCursor(2));
  });

  it.each([
    ['an empty string', ''],
    ['a raw number', '42'],
    ['plain text', 'hello world'],
    ['base64url of another prefix', Buffer.from('id:42').toString('base64url')],
    ['base64url of a non-numeric seq', Buffer.from('seq:abc').toString('base64url')],
    ['base64url of a negative seq', Buffer.from('seq:-1').toString('base64url')],
    ['base64url with trailing content', Buffer.from('seq:1;drop').toString('base64url')],
  ])('rejects %s as foreign (null)', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
