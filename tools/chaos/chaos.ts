/**
 * npm run chaos: the chaos scenario (test/chaos/chaos-scenario.ts) at full size, its report
 * printed and written into docs/reliability.md between the chaos markers.
 *
 * Environment: CHAOS_HIRES (150, at most 200), CHAOS_PACE_MS (700: slow enough that the faults fall among the hires), CHAOS_OUTAGE_MS (10000),
 * CHAOS_ROUNDS (2: every fault hits twice, at different points), CHAOS_OUT (docs/reliability.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { ChaosReport, runChaos } from '../../test/chaos/chaos-scenario';

const BEGIN = '<!-- chaos:begin (written by npm run chaos) -->';
const END = '<!-- chaos:end -->';

async function main(): Promise<void> {
  const hires = Number(process.env.CHAOS_HIRES ?? 150);
  const paceMs = Number(process.env.CHAOS_PACE_MS ?? 700);
  const outageMs = Number(process.env.CHAOS_OUTAGE_MS ?? 10_000);
  const rounds = Number(process.env.CHAOS_ROUNDS ?? 2);
  const out = resolve(process.env.CHAOS_OUT ?? 'docs/reliability.md');
  const loadBefore = loadavg()[0];
  const report = await runChaos({ hires, paceMs, outageMs, rounds, log: (line) => console.log(`[chaos] ${line}`) });
  const markdown = render(report, { paceMs, outageMs, loadBefore, loadAfter: loadavg()[0] });
  console.log(markdown);
  const current = readFileSync(out, 'utf8');
  const section = `${BEGIN}\n${markdown}\n${END}`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  writeFileSync(
    out,
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${section}\n`,
  );
  console.log(`[chaos] figures written to ${out}`);
  const clean =
    [report.webhook, report.feed, report.placements].every((r) => r.lost === 0 && r.doubled === 0) &&
    report.scorecard.hiresCounted === hires &&
    report.secondmentCopies.lost === 0;
  process.exitCode = clean ? 0 : 1;
}

function render(r: ChaosReport, run: { paceMs: number; outageMs: number; loadBefore: number; loadAfter: number }): string {
  const rows = r.faults.map((f) => `| ${f.fault} | ${f.afterHires} | ${f.downMs} | ${f.recoveryMs} |`).join('\n');
  return [
    `### Chaos run (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${run.loadBefore.toFixed(1)} → ${run.loadAfter.toFixed(1)})`,
    '',
    `${r.hires} ERP hires posted over HTTP by a client that retries the same event id until it gets a 202 (one every ${run.paceMs} ms),`,
    `while ${r.faults.length} faults hit in turn (each kind ${r.faults.length / 5} time(s)); broker and database outages last ${run.outageMs} ms. Everything ran on a broker and a database`,
    `of the run's own. Total from the first hire to the last outcome counted everywhere: ${(r.durationMs / 1000).toFixed(1)} s.`,
    '',
    '| fault | after hire | down (ms) | applying again after (ms): hires, or partner copies for the secondment service |',
    '| --- | ---: | ---: | ---: |',
    rows,
    '',
    '| where counted | lost | doubled |',
    '| --- | ---: | ---: |',
    `| school webhook (distinct placements; doubled = two different webhook ids) | ${r.webhook.lost} | ${r.webhook.doubled} |`,
    `| school pull feed | ${r.feed.lost} | ${r.feed.doubled} |`,
    `| placement history (one \`hired\` entry each) | ${r.placements.lost} | ${r.placements.doubled} |`,
    `| R&D scorecard hires (consumer of the outcome topic) | ${r.hires - Math.min(r.hires, r.scorecard.hiresCounted)} | ${Math.max(0, r.scorecard.hiresCounted - r.hires)} |`,
    `| secondment partner copies of the ${r.secondmentCopies.probes} schools registered while it was down | ${r.secondmentCopies.lost} | — |`,
    '',
    `ERP requests retried before a 202: ${r.erpRetries}; 202s that reported a duplicate: ${r.erpDuplicates}; webhooks redelivered under the same id (allowed, receivers dedupe by \`webhook-id\`): ${r.webhook.redeliveredSameId}.`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
