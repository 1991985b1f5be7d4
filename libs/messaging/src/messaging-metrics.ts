/**
 * Counters of the backbone's reliability events, one instance per service process. Read by
 * the operator endpoint (GET /v1/operator/messaging/metrics) and by readiness details.
 */
export class MessagingMetrics {
  /** Handler attempts that failed on a transient (infrastructure) error and were retried in place. */
  consumerTransientRetries = 0;
  /** Records that were replayed from a dead-letter topic to their original topic. */
  deadLettersReplayed = 0;
  /** Outbox events the broker refused (too large, invalid) that the relay moved aside. */
  relayParked = 0;
  private readonly deadLetteredByReason = new Map<string, number>();

  countDeadLetter(reason: string): void {
    this.deadLetteredByReason.set(reason, (this.deadLetteredByReason.get(reason) ?? 0) + 1);
  }

  deadLettered(): number {
    return [...this.deadLetteredByReason.values()].reduce((sum, n) => sum + n, 0);
  }

  snapshot() {
    return {
      consumerTransientRetries: this.consumerTransientRetries,
      deadLettered: Object.fromEntries(this.deadLetteredByReason),
      deadLettersReplayed: this.deadLettersReplayed,
      relayParked: this.relayParked,
    };
  }
}
