import { decodeDeadLetterCursor, encodeDeadLetterCursor, InvalidDeadLetterCursorError } from './dead-letter-store';

describe('dead-letter cursor', () => {
  it('writes per partition, ascending, the next offset and the end, and reads back what it wrote', () => {
    const cursor = {
      next: new Map([
        [2, 7n],
        [0, 1200n],
      ]),
      ends: new Map([
        [0, 1500n],
        [2, 7n],
      ]),
    };
    const text = encodeDeadLetterCursor(cursor);
    expect(text).toBe('0:1200-1500,2:7-7');
    expect(decodeDeadLetterCursor(text)).toEqual({
      next: new Map([
        [0, 1200n],
        [2, 7n],
      ]),
      ends: new Map([
        [0, 1500n],
        [2, 7n],
      ]),
    });
    expect(decodeDeadLetterCursor('3:9223372036854775807-9223372036854775807').next.get(3)).toBe(2n ** 63n - 1n);
  });

  it('takes a pair without an end, as cursors were written before they had one: no end for that partition', () => {
    expect(decodeDeadLetterCursor('0:12,1:4-9')).toEqual({
      next: new Map([
        [0, 12n],
        [1, 4n],
      ]),
      ends: new Map([[1, 9n]]),
    });
    expect(encodeDeadLetterCursor(decodeDeadLetterCursor('0:12,1:4-9'))).toBe('0:12,1:4-9');
  });

  it.each([
    ['', 'empty'],
    ['0:5-3', 'an offset past its end'],
    ['0:1-', 'an end left out after its dash'],
    ['0:1-2-3', 'two ends'],
    ['0:1,0:2-4', 'a partition twice'],
    ['0:9223372036854775808', 'an offset above the largest'],
    ['0:1-9223372036854775808', 'an end above the largest'],
    ['10001:0-1', 'a partition above the bound'],
    ['0:1;1:2', 'another separator'],
  ])('refuses %j (%s)', (text) => {
    expect(() => decodeDeadLetterCursor(text)).toThrow(InvalidDeadLetterCursorError);
  });
});
