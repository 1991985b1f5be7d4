import { decodeCursor, encodeCursor, firstUnsettledGap } from './outcome-cursor';

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
    // Past 2^53 the number is not the one written, and from 1e21 it would encode as `seq:1e+21`, which no longer decodes.
    ['base64url of a seq past the safe integers', Buffer.from(`seq:${Number.MAX_SAFE_INTEGER + 1}`).toString('base64url')],
    ['base64url of a seq of 22 digits', Buffer.from(`seq:1${'0'.repeat(21)}`).toString('base64url')],
  ])('rejects %s as foreign (null)', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe('firstUnsettledGap', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const fresh = new Date(now.getTime() - 1_000);
  const old = new Date(now.getTime() - 60_000);

  it('finds no gap in consecutive positions', () => {
    expect(
      firstUnsettledGap(
        0,
        [1, 2, 3].map((seq) => ({ seq, recordedAt: fresh })),
        now,
      ),
    ).toBeUndefined();
  });

  it('names the first missing position when what follows it is fresh', () => {
    expect(
      firstUnsettledGap(
        2,
        [
          { seq: 3, recordedAt: fresh },
          { seq: 5, recordedAt: fresh },
        ],
        now,
      ),
    ).toBe(4);
    expect(firstUnsettledGap(0, [{ seq: 2, recordedAt: fresh }], now)).toBe(1);
  });

  it('passes a gap that has settled (a crash between taking a position and writing it)', () => {
    expect(
      firstUnsettledGap(
        0,
        [
          { seq: 1, recordedAt: old },
          { seq: 3, recordedAt: old },
          { seq: 4, recordedAt: fresh },
        ],
        now,
      ),
    ).toBeUndefined();
  });
});
