import { ratePerFifth } from './lib';

describe('ratePerFifth', () => {
  it('gives the rate in each fifth of a run from the counts sampled along it', () => {
    // 10 s: 100/s for the first 4 s, then 50/s; sampled every second
    const progress = Array.from({ length: 11 }, (_, s) => ({ s, done: s <= 4 ? 100 * s : 400 + 50 * (s - 4) }));
    expect(ratePerFifth(progress, 10)).toEqual([100, 100, 50, 50, 50]);
  });

  it('counts what a fifth reached by its last sample, so a fifth without progress shows 0', () => {
    const progress = [
      { s: 0, done: 0 },
      { s: 1, done: 10 },
      { s: 3.5, done: 10 },
      { s: 5, done: 40 },
    ];
    expect(ratePerFifth(progress, 5)).toEqual([10, 0, 0, 0, 30]);
  });
});
