import { Inject, Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

const WEBHOOK_DURATION = 'webhook_delivery_duration_seconds';

/**
 * What became of one webhook attempt: delivered (2xx), retrying (failed, another attempt is
 * scheduled), failed (failed and the schedule is exhausted), gone (410: the subscription is
 * disabled).
 */
export type WebhookDeliveryResult = 'delivered' | 'retrying' | 'failed' | 'gone';

/**
 * Webhook deliveries by result and latency: one histogram whose count by `result` is the
 * delivery rate and failure rate, and whose buckets are the receivers' latency.
 */
@Injectable()
export class WebhookDeliveryMetrics {
  private readonly duration: Histogram<'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration =
      (registry.getSingleMetric(WEBHOOK_DURATION) as Histogram<'result'> | undefined) ??
      new Histogram({
        name: WEBHOOK_DURATION,
        help: 'Webhook delivery attempts by result (delivered, retrying, failed, gone) and how long the receiver took.',
        labelNames: ['result'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
  }

  observe(result: WebhookDeliveryResult, seconds: number): void {
    this.duration.observe({ result }, seconds);
  }
}
