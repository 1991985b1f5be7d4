import { Interner } from './interner';

describe('Interner', () => {
  it('hands out one instance per distinct value', () => {
    const interner = new Interner();
    const a = interner.shared('skill:welding', () => ({ label: 'Welding' }));
    const b = interner.shared('skill:welding', () => ({ label: 'Welding' }));
    const c = interner.shared('skill:cnc', () => ({ label: 'CNC' }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    interner.string('x'.repeat(3));
    interner.string('xxx');
    expect(interner.string(undefined)).toBeUndefined();
    // Strings and other values never share a key.
    expect(interner.shared('welding', () => 1)).toBe(1);
    expect(interner.string('welding')).toBe('welding');
    // welding and cnc skills, 'xxx' once, 1, 'welding'
    expect(interner.size).toBe(5);
  });
});
