/** How a consumed record ended: applied at once, applied after retries, or sent to its dead-letter topic. */
export type HandlerOutcome = 'ok' | 'retried' | 'dead-lettered';

export type HandledObserver = (eventType: string, outcome: HandlerOutcome, seconds: number) => void;

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
  private readonly handledObservers = new Set<HandledObserver>();

  /**
   * Told of every record the consumer finished with, with the time from its first attempt to
   * its outcome. The metrics registry (libs/platform) subscribes its histogram; returns the
   * unsubscribe.
   */
  onHandled(observer: HandledObserver): () => void {
    this.handledObservers.add(observer);
    return () => this.handledObservers.delete(observer);
  }

  observeHandled(eventType: string, outcome: HandlerOutcome, seconds: number): void {
    for (const observer of this.handledObservers) observer(eventType, outcome, seconds);
  }

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
