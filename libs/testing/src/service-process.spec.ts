import { readFileSync } from 'node:fs';
import { peakRssMiBOf } from './service-process';

describe('peakRssMiBOf: the peak resident set of a /proc/PID/status text', () => {
  it('reads VmHWM in MiB, not the current VmRSS', () => {
    const status = ['Name:\tnode', 'VmPeak:\t 1200000 kB', 'VmHWM:\t  204800 kB', 'VmRSS:\t  153600 kB', 'Threads:\t11'].join('\n');
    expect(peakRssMiBOf(status)).toBe(200);
  });

  it('is undefined for a text without it (a kernel thread, another system)', () => {
    expect(peakRssMiBOf('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeUndefined();
  });

  it("reads this process's own peak, which is at least what it holds now", () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const rssMiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) / 1024;
    expect(peakRssMiBOf(status)).toBeGreaterThanOrEqual(rssMiB);
    expect(rssMiB).toBeGreaterThan(10);
  });
});
