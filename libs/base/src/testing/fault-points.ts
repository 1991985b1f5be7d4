/**
 * Deterministic crash points for the crash tests. `FAULT_POINTS=name[,name…]` makes the process
 * kill itself with SIGKILL — no cleanup, no flush, exactly like `kill -9` — when it reaches a
 * named point, so a test can crash it between two specific writes instead of hoping to hit the
 * window. Unset (always, outside those tests) a point costs one Set lookup on an empty set.
 */
const armed = new Set(
  (process.env.FAULT_POINTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
);

/** The points the code declares; a test arms them by name. */
export const FAULT_POINT_NAMES = [
  /** ERP events stored in the inbox (with their outbox entries), before the 202 is sent. */
  'erp-ingest.after-inbox-write',
  /** A hire applied to its placement (outcome event in the same write), before the inbox says so and the offset is committed. */
  'erp-hire.after-apply',
  /** Outbox events published to Kafka, before they are removed from their documents. */
  'outbox-relay.after-publish',
  /** A batch of placement outcomes fanned out (feed entries, deliveries, ledger written), before the offsets are committed. */
  'outcome-fan-out.after-write',
  /** Webhooks sent and answered by the school, before the attempts are recorded (the deliveries still look pending). */
  'webhook-worker.after-attempts',
  /** R&D: a placement outcome kept and linked to the student's projects, before the pair's scorecard counts it (a handler's own writes). */
  'rd-placement-outcome.after-link',
  /** Any service's consumer: a record handled (its effects written), before its offset is resolved and committed. */
  'consumer.after-handled',
] as const;
export type FaultPointName = (typeof FAULT_POINT_NAMES)[number];

export function faultPoint(name: FaultPointName): void {
  if (armed.size > 0 && armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
