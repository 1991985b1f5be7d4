/**
 * Puts what the teacher secondment and R&D benches of this `npm run bench` printed into
 * docs/benchmarks-services.md, between its `services-latest` markers (their headings two levels
 * down), so that page shows the latest run of both beside the earlier, annotated ones.
 *
 * Usage: services-page.ts <compliance-bench.md> <scorecard-bench.md>   (a missing file is skipped)
 * Environment: BENCH_SERVICES_PAGE (docs/benchmarks-services.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withMarkedSection } from './history';

const PAGE = process.env.BENCH_SERVICES_PAGE ?? join(resolve(__dirname, '../..'), 'docs/benchmarks-services.md');

/** The latest outputs as one section: a heading, then each output with its headings moved under it. */
export function latestServicesSection(outputs: string[]): string {
  const body = outputs.map((text) => text.trim().replace(/^(#+) /gm, '##$1 ')).join('\n\n');
  return `## Latest \`npm run bench\` run\n\nWritten by \`npm run bench\` (its services part: \`compliance-bench.ts\` and \`scorecard-bench.ts\`, each service as its own process as its Deployment runs it); the headline figures also go into the run history of [benchmarks.md](benchmarks.md).\n\n${body}`;
}

function main(): void {
  const outputs = process.argv
    .slice(2)
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, 'utf8'));
  if (outputs.length === 0) return;
  writeFileSync(PAGE, withMarkedSection(readFileSync(PAGE, 'utf8'), 'services-latest', latestServicesSection(outputs)));
  process.stdout.write(`[bench] the services' latest figures written to ${PAGE}\n`);
}

if (require.main === module) main();
