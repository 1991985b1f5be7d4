import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@app/platform';

const PUBLISHED = 'school_outcome_topic_records_total';

/** What the outcome topic pump publishes: records sent to schools' topics, and records whose send failed (retried). */
@Injectable()
export class OutcomeTopicMetrics {
  private readonly records: Counter<'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.records =
      (registry.getSingleMetric(PUBLISHED) as Counter<'result'> | undefined) ??
      new Counter({
        name: PUBLISHED,
        help: "Feed entries sent to schools' own outcome topics by result (published, failed: the pump retries them).",
        labelNames: ['result'],
        registers: [registry],
      });
  }

  count(result: 'published' | 'failed', records: number): void {
    this.records.inc({ result }, records);
  }
}
