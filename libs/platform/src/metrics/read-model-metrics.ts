import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { ReadModelMeter } from '@app/persistence';
import { METRICS_REGISTRY } from './metrics-registry';

const ANSWERS = 'read_model_answers_total';
const DOCUMENTS = 'read_model_documents';

/**
 * The in-memory read models' figures (ADR 0060): which requests they answered and which went to
 * the database (model off, too large, or found out of date), and how many documents each holds.
 */
@Injectable()
export class ReadModelMetrics implements ReadModelMeter {
  private readonly answers: Counter<'model' | 'source'>;
  private readonly sizes = new Map<string, () => number>();

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.answers =
      (registry.getSingleMetric(ANSWERS) as Counter<'model' | 'source'> | undefined) ??
      new Counter({
        name: ANSWERS,
        help: 'Requests an in-memory read model answered (source="memory") or left to the database (source="database": off, too large, or out of date), by model.',
        labelNames: ['model', 'source'],
        registers: [registry],
      });
    const sizes = this.sizes;
    if (!registry.getSingleMetric(DOCUMENTS)) {
      new Gauge({
        name: DOCUMENTS,
        help: 'Documents an in-memory read model holds (0 before its first load or while off), by model.',
        labelNames: ['model'],
        registers: [registry],
        collect() {
          for (const [model, size] of sizes) this.set({ model }, size());
        },
      });
    }
  }

  answered(model: string, source: 'memory' | 'database'): void {
    this.answers.inc({ model, source });
  }

  /** Reports `size()` as the model's document count at each scrape. */
  track(model: string, size: () => number): void {
    this.sizes.set(model, size);
  }
}
