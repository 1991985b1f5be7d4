/* eslint-disable */
/**
 * Preloaded into the service by the main bench (`node --require tools/bench/memory-probe.cjs`):
 * every BENCH_MEMORY_PROBE_MS (default 200) it appends one JSON line with the process's memory,
 * split the way a reader needs to find what drives the RSS:
 *
 *   rss           resident set (what the kernel counts, what a k8s memory limit kills on)
 *   heapUsed      V8 heap occupied by JS objects (live and not yet collected garbage)
 *   heapTotal     V8 heap reserved for the spaces (heapCommitted: pages actually committed)
 *   external      memory V8 objects hold outside the heap (Buffers, typed arrays: kafkajs and the
 *                 mongodb driver's socket buffers; arrayBuffers is the part held by ArrayBuffers)
 *   malloced      V8's own malloc'ed memory (compiler, zones)
 *   newSpaceCommitted / oldSpaceCommitted   the committed heap of the young generation and of
 *                 old space (the rest: code, large objects, trusted space)
 *
 * What is neither heap nor external (rss minus heapCommitted minus arrayBuffers) is native:
 * code, thread stacks, libuv, OpenSSL, the allocator's retained arenas.
 *
 * Diagnostics only (BENCH_MEMORY_PROBE_FILE unset: the probe does nothing). With
 * BENCH_HEAP_SNAPSHOT_AT_MIB it also writes one heap snapshot (into BENCH_HEAP_SNAPSHOT_DIR)
 * the first time heapUsed passes that many MiB, to see what is live at the peak. With
 * BENCH_SMAPS_AT_PEAK=1 it copies /proc/self/smaps into BENCH_HEAP_SNAPSHOT_DIR each time the RSS
 * passes its last copy's by 4 MiB, so the last copy shows which mappings hold the RSS peak.
 */
'use strict';
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');

const file = process.env.BENCH_MEMORY_PROBE_FILE;
if (file) {
  const everyMs = Number(process.env.BENCH_MEMORY_PROBE_MS || 200);
  const snapshotAt = Number(process.env.BENCH_HEAP_SNAPSHOT_AT_MIB || 0) * 1024 * 1024;
  let snapshotTaken = false;
  const smapsAtPeak = process.env.BENCH_SMAPS_AT_PEAK === '1';
  let smapsRss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    const h = v8.getHeapStatistics();
    const line = {
      t: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      heapCommitted: h.total_physical_size,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      malloced: h.malloced_memory,
    };
    // where the committed heap is: the young generation (new_space) against the rest
    for (const space of v8.getHeapSpaceStatistics()) {
      if (space.space_name === 'new_space') line.newSpaceCommitted = space.physical_space_size;
      if (space.space_name === 'old_space') line.oldSpaceCommitted = space.physical_space_size;
    }
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the bench may have removed its directory while stopping
    }
    if (smapsAtPeak && m.rss >= smapsRss + 4 * 1024 * 1024) {
      smapsRss = m.rss;
      const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR || '.';
      mkdirSync(dir, { recursive: true });
      // procfs files have no size, so read them whole rather than copy
      writeFileSync(join(dir, `talent-pipeline-${process.pid}.smaps`), readFileSync('/proc/self/smaps'));
    }
    if (snapshotAt > 0 && !snapshotTaken && m.heapUsed >= snapshotAt) {
      snapshotTaken = true;
      const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR || '.';
      mkdirSync(dir, { recursive: true });
      v8.writeHeapSnapshot(join(dir, `talent-pipeline-${Date.now()}.heapsnapshot`));
    }
  };
  setInterval(sample, everyMs).unref();
  sample();
}
