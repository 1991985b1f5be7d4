import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@app/platform';
import { ScheduledStepKind } from './domain/scheduled-step';

const STEPS = 'erp_scheduled_steps_total';

/**
 * What the scheduler of ERP steps does (ADR 0079): steps applied on their day, and attempts that
 * failed (each retried at the next pass, so a step that cannot apply counts once per pass until
 * someone looks).
 */
@Injectable()
export class ScheduledStepMetrics {
  private readonly steps: Counter<'step' | 'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.steps =
      (registry.getSingleMetric(STEPS) as Counter<'step' | 'result'> | undefined) ??
      new Counter({
        name: STEPS,
        help: 'Scheduled ERP steps of placements (step: start, end) by result (applied on their day; failed: retried at the next pass).',
        labelNames: ['step', 'result'],
        registers: [registry],
      });
  }

  count(step: ScheduledStepKind, result: 'applied' | 'failed'): void {
    this.steps.inc({ step, result });
  }
}
