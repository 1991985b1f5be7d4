import { QuarterCountersRepository } from '../src/scorecard/quarter-counters.repository';
import { RdService, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(60_000);

/**
 * The scorecard counts each event once per pair and quarter. "Already counted" is told from a
 * duplicate-key error, which also happens when two different events create the quarter's
 * document at the same moment: neither may be dropped as a duplicate.
 */
describe('scorecard quarter counters (real Mongo)', () => {
  let rd: RdService;
  let counters: QuarterCountersRepository;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    counters = rd.app.get(QuarterCountersRepository, { strict: false });
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('counts every one of several events that open the same quarter at once, and a redelivery once', async () => {
    const pair = { schoolId: `school-${Date.now()}`, enterpriseId: 'enterprise-1' };
    const keys = Array.from({ length: 12 }, (_, i) => `urn:test|hire-${i}`);
    const answers = await Promise.all(keys.map((key) => counters.add(pair, '2026-Q3' as never, key, { counts: { hires: 1 } })));
    expect(answers).toEqual(keys.map(() => 'counted'));
    expect(await counters.add(pair, '2026-Q3' as never, keys[0], { counts: { hires: 1 } })).toBe('duplicate');

    const [quarter] = await counters.ofPair(pair.schoolId, pair.enterpriseId, '2026-Q3' as never, '2026-Q3' as never);
    expect(quarter.counts.hires).toBe(12);
  });
});
