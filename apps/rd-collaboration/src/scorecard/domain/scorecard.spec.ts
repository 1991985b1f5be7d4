import { QuarterCountersDocument } from '../quarter-counters.document';
import { buildScorecard } from './scorecard';
import { scorecardCsv, scorecardHtml, scorecardSvg } from './scorecard-formats';
import { Quarter } from './quarter';

const doc = (quarter: `${number}-Q${1 | 2 | 3 | 4}`, rest: Partial<QuarterCountersDocument>): QuarterCountersDocument => ({
  _id: `s|e|${quarter}`,
  schoolId: 's',
  enterpriseId: 'e',
  quarter,
  counts: {},
  seen: [],
  ...rest,
});

describe('partnership scorecard', () => {
  const docs = [
    doc('2026-Q1', { counts: { placementsStarted: 4, secondmentsHosted: 1 }, contributions: { CNY: 1_000_000 } }),
    doc('2026-Q3', {
      counts: { hires: 2, rdProjectsStarted: 1, rdParticipantHires: 1 },
      outcomes: { patent: 1, publication: 2 },
      contributions: { CNY: 500, EUR: 70 },
      engineerTeachingHours: 12.5,
    }),
  ];
  const agreements = [
    { status: 'active', period: { from: '2026-02-15', to: '2026-08-31' } },
    { status: 'draft', period: { from: '2026-01-01', to: '2026-12-31' } },
    { status: 'terminated', period: { from: '2025-01-01', to: '2026-01-10' } },
  ];
  const card = buildScorecard(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'], docs, agreements);

  it('fills quarters without events with zeros and keeps conversion cumulative', () => {
    expect(card.quarters.map((q) => q.placementsStarted)).toEqual([4, 0, 0, 0]);
    expect(card.quarters.map((q) => q.conversionToDate)).toEqual([0, 0, 0.5, 0.5]);
    expect(card.totals).toMatchObject({
      placementsStarted: 4,
      hires: 2,
      conversion: 0.5,
      rdProjectsStarted: 1,
      engineerTeachingHours: 12.5,
    });
  });

  it('counts copies without a status history (written before it existed) by period and latest status, as before', () => {
    expect(card.quarters.map((q) => q.agreementsInForce)).toEqual([2, 1, 1, 0]);
  });

  it('counts agreements with a status history in the quarters they were active in', () => {
    const history = (...changes: [string, string][]) => ({
      status: changes[changes.length - 1][0],
      period: { from: '2026-01-01', to: '2026-12-31' },
      version: changes.length,
      statusHistory: changes.map(([status, from], i) => ({ status, from, version: i + 1 })),
    });
    const terminatedInQ3 = history(
      ['draft', '2025-12-01T00:00:00Z'],
      ['active', '2026-01-05T00:00:00Z'],
      ['terminated', '2026-08-10T00:00:00Z'],
    );
    const suspendedInQ2 = history(
      ['draft', '2025-12-01T00:00:00Z'],
      ['active', '2026-01-05T00:00:00Z'],
      ['suspended', '2026-03-31T23:00:00Z'],
      ['active', '2026-07-01T00:00:00Z'],
    );
    const quarters = buildScorecard(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'], [], [terminatedInQ3, suspendedInQ2]).quarters;
    expect(quarters.map((q) => q.agreementsInForce)).toEqual([2, 1, 2, 1]);
  });

  it('never adds currencies together', () => {
    expect(card.totals.contributions).toEqual({ CNY: 1_000_500, EUR: 70 });
    expect(card.totals.outcomes).toEqual({ patent: 1, publication: 2 });
    expect(card.quarters[2].outcomesTotal).toBe(3);
  });

  it('has a conversion of null before any placement', () => {
    expect(buildScorecard(['2026-Q1'], [], []).quarters[0].conversionToDate).toBeNull();
  });

  it('writes CSV with one row per quarter and a column per currency', () => {
    const lines = scorecardCsv(card).trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('contributions_CNY_minor,contributions_EUR_minor,outcomes_patent,outcomes_publication');
    expect(lines[3].startsWith('2026-Q3,1,0,0,2,0.5,0,0,12.5,1,0,0,1,500,70,1,2')).toBe(true);
    expect(lines[0]).toContain('rd_projects_led_to_hire,rd_participant_hires,');
    expect(card.totals.rdParticipantHires).toBe(1);
  });

  it('writes a text cell a spreadsheet would run as a formula as text, and quotes one holding ;', () => {
    // The contracts keep these to a quarter, ISO currencies and outcome kinds today; the writer must not rely on that.
    const odd = { ...card, quarters: [{ ...card.quarters[0], quarter: '=1+1' as Quarter, outcomes: { 'a;=1+1': 1 } }] };
    const [header, row] = scorecardCsv(odd).trim().split('\r\n');
    expect(row.startsWith("'=1+1,")).toBe(true);
    expect(header.endsWith(',"outcomes_a;=1+1"')).toBe(true);
  });

  it('draws one bar per series per quarter and escapes names in the HTML', () => {
    const svg = scorecardSvg(card);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(4 * 6);
    expect(svg).toContain('<polyline');
    const html = scorecardHtml(card, { schoolName: '<script>x</script>', enterpriseName: 'ACME' });
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<svg');
  });
});
