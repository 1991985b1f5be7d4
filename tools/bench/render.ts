/**
 * Re-renders docs/benchmarks.md from a saved results file, without measuring again:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/render.ts [results.json] [out.md]
 * Defaults: .stack-bench/bench-results.json -> docs/benchmarks.md. Note: the machine facts (cores, versions,
 * commit) are read when rendering, so render on the machine that measured.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchResults } from './bench-results';
import { renderReport } from './report';

const root = resolve(__dirname, '../..');
const input = process.argv[2] ?? join(root, '.stack-bench/bench-results.json');
const output = process.argv[3] ?? join(root, 'docs/benchmarks.md');
const results = JSON.parse(readFileSync(input, 'utf8')) as BenchResults;
writeFileSync(output, renderReport(results));
process.stdout.write(`[bench] rendered ${output} from ${input}\n`);
