import { toCsv } from '@app/base';
import { formatMinor } from '../../shared/currency';
import { ScorecardCounts } from './scorecard';

/** One row per quarter; contributions one column per currency (minor units), outcomes one per kind. */
export function scorecardCsv(card: ScorecardCounts): string {
  const currencies = [...new Set(card.quarters.flatMap((q) => Object.keys(q.contributions)))].sort();
  const kinds = [...new Set(card.quarters.flatMap((q) => Object.keys(q.outcomes)))].sort();
  const header = [
    'quarter',
    'agreements_in_force',
    'placements_started',
    'placements_completed',
    'hires',
    'conversion_to_date',
    'secondments_hosted',
    'engineer_engagements',
    'engineer_teaching_hours',
    'rd_projects_started',
    'rd_projects_closed',
    'rd_projects_led_to_hire',
    'rd_participant_hires',
    ...currencies.map((c) => `contributions_${c}_minor`),
    ...kinds.map((k) => `outcomes_${k}`),
  ];
  const rows = card.quarters.map((q) => [
    q.quarter,
    q.agreementsInForce,
    q.placementsStarted,
    q.placementsCompleted,
    q.hires,
    q.conversionToDate,
    q.secondmentsHosted,
    q.engineerEngagements,
    q.engineerTeachingHours,
    q.rdProjectsStarted,
    q.rdProjectsClosed,
    q.rdProjectsLedToHire,
    q.rdParticipantHires,
    ...currencies.map((c) => q.contributions[c] ?? 0),
    ...kinds.map((k) => q.outcomes[k] ?? 0),
  ]);
  return toCsv(header, rows);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SERIES = [
  { key: 'placementsStarted', label: 'Placements started', colour: '#4e79a7' },
  { key: 'hires', label: 'Hires', colour: '#59a14f' },
  { key: 'secondmentsHosted', label: 'Secondments hosted', colour: '#f28e2b' },
  { key: 'engineerEngagements', label: 'Engineers teaching', colour: '#b07aa1' },
  { key: 'rdProjectsStarted', label: 'R&D projects started', colour: '#e15759' },
  { key: 'outcomesTotal', label: 'R&D outcomes', colour: '#76b7b2' },
] as const;

/** Grouped bars per quarter for the counts, and a line for conversion to date on a 0-100 % right axis. */
export function scorecardSvg(card: ScorecardCounts): string {
  const width = 760;
  const height = 300;
  const pad = { left: 40, right: 48, top: 16, bottom: 48 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const quarters = card.quarters;
  const max = Math.max(1, ...quarters.flatMap((q) => SERIES.map((s) => q[s.key])));
  const slot = plotW / Math.max(1, quarters.length);
  const bar = Math.max(1, (slot * 0.8) / SERIES.length);
  const y = (value: number) => pad.top + plotH - (value / max) * plotH;
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const value = Math.round((max * tick) / 4);
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e5e5"/>`,
    );
    parts.push(`<text x="${pad.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" font-size="10">${value}</text>`);
    parts.push(
      `<text x="${width - pad.right + 6}" y="${(pad.top + plotH - (plotH * tick) / 4 + 4).toFixed(1)}" font-size="10">${tick * 25}%</text>`,
    );
  }
  quarters.forEach((q, i) => {
    const x0 = pad.left + i * slot + slot * 0.1;
    SERIES.forEach((s, j) => {
      const value = q[s.key];
      parts.push(
        `<rect x="${(x0 + j * bar).toFixed(1)}" y="${y(value).toFixed(1)}" width="${bar.toFixed(1)}" height="${(pad.top + plotH - y(value)).toFixed(1)}" fill="${s.colour}"><title>${escapeHtml(`${q.quarter} ${s.label}: ${value}`)}</title></rect>`,
      );
    });
    if (quarters.length <= 24 || i % Math.ceil(quarters.length / 24) === 0) {
      parts.push(
        `<text x="${(pad.left + i * slot + slot / 2).toFixed(1)}" y="${height - pad.bottom + 14}" text-anchor="middle" font-size="10">${q.quarter}</text>`,
      );
    }
  });
  const points = quarters
    .map((q, i) =>
      q.conversionToDate === null
        ? null
        : `${(pad.left + i * slot + slot / 2).toFixed(1)},${(pad.top + plotH - q.conversionToDate * plotH).toFixed(1)}`,
    )
    .filter((p): p is string => p !== null);
  if (points.length)
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="#333" stroke-width="2" stroke-dasharray="4 2"><title>Conversion to date</title></polyline>`,
    );
  const legend = [
    ...SERIES.map((s) => ({ label: s.label, colour: s.colour })),
    { label: 'Conversion to date (right axis)', colour: '#333' },
  ]
    .map(
      (s, i) =>
        `<rect x="${pad.left + (i % 4) * 175}" y="${height - 26 + Math.floor(i / 4) * 13}" width="10" height="10" fill="${s.colour}"/><text x="${pad.left + (i % 4) * 175 + 14}" y="${height - 17 + Math.floor(i / 4) * 13}" font-size="10">${escapeHtml(s.label)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Partnership activity per quarter">${parts.join('')}${legend}</svg>`;
}

export function scorecardHtml(card: ScorecardCounts, pair: { schoolName: string; enterpriseName: string }): string {
  const title = `${pair.schoolName} × ${pair.enterpriseName}: partnership scorecard`;
  const money = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([cur, minor]) => escapeHtml(formatMinor(cur, minor)))
      .join('<br>') || '—';
  const rows = card.quarters
    .map(
      (q) =>
        `<tr><th>${q.quarter}</th><td>${q.agreementsInForce}</td><td>${q.placementsStarted}</td><td>${q.hires}</td><td>${q.conversionToDate === null ? '—' : `${(q.conversionToDate * 100).toFixed(0)}%`}</td><td>${q.secondmentsHosted}</td><td>${q.engineerEngagements}</td><td>${q.rdProjectsStarted}</td><td>${money(q.contributions)}</td><td>${q.outcomesTotal}</td></tr>`,
    )
    .join('');
  const t = card.totals;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;font-size:.85rem}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}th:first-child{text-align:left}.kpis{display:flex;gap:1.5rem;margin:1rem 0}.kpi{font-size:1.6rem;font-weight:600}.kpi small{display:block;font-size:.75rem;font-weight:400;color:#666}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<div class="kpis"><div class="kpi">${t.placementsStarted}<small>placements</small></div><div class="kpi">${t.hires}<small>hires</small></div><div class="kpi">${t.conversion === null ? '—' : `${(t.conversion * 100).toFixed(0)}%`}<small>conversion</small></div><div class="kpi">${t.secondmentsHosted}<small>secondments hosted</small></div><div class="kpi">${t.engineerEngagements}<small>engineers teaching</small></div><div class="kpi">${t.rdProjectsStarted}<small>R&amp;D projects</small></div><div class="kpi">${t.rdParticipantHires}<small>hires from R&amp;D projects</small></div><div class="kpi">${Object.values(t.outcomes).reduce((a, b) => a + b, 0)}<small>R&amp;D outcomes</small></div></div>
${scorecardSvg(card)}
<table><thead><tr><th>Quarter</th><th>Agreements</th><th>Placements</th><th>Hires</th><th>Conversion to date</th><th>Secondments</th><th>Engineers teaching</th><th>R&amp;D projects</th><th>Contributions</th><th>Outcomes</th></tr></thead><tbody>${rows}</tbody></table>
<p><small>Built from the events each service publishes; counts by the quarter (UTC) the event happened in.</small></p></body></html>`;
}
