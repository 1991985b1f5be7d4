import { FAULTS, runChaos } from '../chaos/chaos-scenario';

jest.setTimeout(600_000);

/**
 * The short form of `npm run chaos` (which records its figures in docs/reliability.md): hires
 * posted by a retrying ERP through kill -9 of each service, a database restart and a broker
 * restart, on a broker and a database of its own.
 */
describe('chaos: hires through crashes and outages (processes, private broker and database)', () => {
  it('loses nothing and doubles nothing at the webhook, in the feed, on the placements and in the scorecard', async () => {
    const report = await runChaos({ hires: 25, paceMs: 150, outageMs: 4_000 });
    expect(report.faults.map((f) => f.fault)).toEqual(FAULTS);
    expect(report.webhook).toMatchObject({ lost: 0, doubled: 0 });
    expect(report.feed).toEqual({ lost: 0, doubled: 0 });
    expect(report.placements).toEqual({ lost: 0, doubled: 0 });
    expect(report.scorecard.hiresCounted).toBe(25);
    expect(report.secondmentCopies).toEqual({ probes: 1, lost: 0 });
  });
});
