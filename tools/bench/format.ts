/** Number formatting shared by the report renderers (report.ts, report-sections.ts). */
import type { Distribution } from './lib';

export const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
export const cores = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n.toFixed(2) : 'n/a');
/** p50 / p99 / max */
export const ms = (d: Distribution) => `${f1(d.p50)} / ${f1(d.p99)} / ${f1(d.max)}`;

export function cpuCells(cpu: Record<string, number>): string {
  const ours = (cpu.service ?? 0) + (cpu.kafka ?? 0) + (cpu.mongo ?? 0) + (cpu.bench ?? 0);
  const other = cpu.machine !== undefined ? Math.max(0, cpu.machine - ours) : undefined;
  return `${cores(cpu.service)} | ${cores(cpu.kafka)} | ${cores(cpu.mongo)} | ${cores(cpu.bench)} | ${cores(cpu.machine)} | ${cores(other)}`;
}

/** "none", or "3× 500, 1× error: …" */
export function failures(failed: Record<string, number>): string {
  return Object.keys(failed).length
    ? Object.entries(failed)
        .map(([k, v]) => `${v}× ${k}`)
        .join(', ')
    : 'none';
}

export const kib = (bytes: number) => (bytes < 10_240 ? `${f0(bytes)} B` : `${f0(bytes / 1024)} KiB`);
