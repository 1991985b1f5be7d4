import { ratePerFifth, shortSustainedRuns, sustainedHires } from './lib';

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

describe('sustainedHires', () => {
  it('gives both consumers 2.2 times what the fastest burst rate gets through in the time', () => {
    expect(sustainedHires([364, 858, 411, 1162], 60)).toBe(Math.ceil(1162 * 60 * 2.2));
    expect(sustainedHires([100], 60, 1)).toBe(6000);
  });
});

describe('shortSustainedRuns', () => {
  it('names the sustained runs that ended before the time, not the bursts', () => {
    const runs = [
      { consumer: 'pipeline', sustained: true, seconds: 45 },
      { consumer: 'peer', sustained: true, seconds: 181 },
      { consumer: 'pipeline', seconds: 1.2 },
      { consumer: 'pipeline', sustained: true, seconds: 60 },
    ];
    expect(shortSustainedRuns(runs, 60)).toEqual([runs[0]]);
  });
});
