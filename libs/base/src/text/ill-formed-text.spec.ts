import { illFormedTextPath, isWellFormedText } from './ill-formed-text';

describe('illFormedTextPath', () => {
  it('names the first key or string holding a lone surrogate, by its dotted path', () => {
    expect(illFormedTextPath({ a: 'ok', b: [{ c: 'x' }, { c: 'y\uD800' }] })).toBe('b.1.c');
    expect(illFormedTextPath({ ['k\uDC00']: 1 })).toBe('k\uDC00');
    expect(illFormedTextPath({ first: '\uD800', second: '\uDC00' })).toBe('first');
    expect(illFormedTextPath('\uD800', 'data')).toBe('data');
    expect(illFormedTextPath('\uD800')).toBe('(value)');
  });

  it('passes well-formed text, surrogate pairs included, and values that are not text', () => {
    expect(illFormedTextPath({ icon: '😀', n: 1, t: true, z: null, list: ['İıẞß', 2] })).toBeUndefined();
    expect(isWellFormedText('😀')).toBe(true);
    expect(isWellFormedText('\uDFFF\uD800')).toBe(false);
  });

  it('walks nesting deeper than the call stack without overflowing', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`);
    expect(illFormedTextPath(deep)?.split('.')).toHaveLength(depth);
  });
});
