import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { latestCalendarDay } from '../partners/domain/time-zone';
import { isDue, ScheduledStepKind } from './domain/scheduled-step';
import { PlacementDocument } from './placement.document';
import { PlacementsRepository } from './placements.repository';
import { PlacementsService } from './placements.service';
import { ScheduledStepMetrics } from './scheduled-steps.metrics';

/**
 * The lease's name predates starts (ADR 0076): kept, so that during a rollout old replicas (ends
 * only) and new ones (starts and ends) share one lease rather than run side by side.
 */
const SCHEDULED_STEPS_LEASE = 'placements.scheduled-ends';
const PAGE = 100;
/** Starts before ends: a pass on a late day applies a placement's start before anything else about it. */
const KINDS: ScheduledStepKind[] = ['start', 'end'];

/**
 * Applies ERP steps dated in the future once their day has come (ADR 0076 for ends, 0079 for
 * starts): every SCHEDULED_ENDS_POLL_MS, the placements whose `scheduledStart.dueOn` or
 * `scheduledEnd.dueOn` is today or past at their enterprise (its time zone, UTC without one; by
 * the service's Clock) go through the same
 * lifecycle transition and outbox as the step applied on arrival. One replica at a time holds the
 * lease (as the retention sweep does); each apply is one write conditional on the placement's
 * version that also clears the schedule, so a lease that lapses mid-pass, or a crash, costs a
 * repeat of the read, never a second outcome. Applied and failed steps are counted
 * (`erp_scheduled_steps_total`). After each pass the placement listeners run their repairs
 * (ADR 0079: inbox records still `scheduled` whose step left its placement, held ERP starts
 * whose agreement got signed), each a bounded page read through an index.
 */
@Injectable()
export class ScheduledStepsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduledStepsScheduler.name);
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly placements: PlacementsService,
    private readonly repository: PlacementsRepository,
    private readonly clock: Clock,
    private readonly metrics: ScheduledStepMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.applyDue(), this.config.SCHEDULED_ENDS_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.repository.releaseLease(SCHEDULED_STEPS_LEASE, this.holder).catch(() => undefined);
  }

  /** One pass now, if this replica holds the lease; returns how many steps it applied. */
  applyDue(): Promise<number> {
    this.running ??= this.applyDueOnce()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'applying scheduled ERP steps failed; the next pass retries');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async applyDueOnce(): Promise<number> {
    const leaseMs = Math.max(this.config.SCHEDULED_ENDS_POLL_MS * 2, 60_000);
    if (!(await this.repository.acquireLease(SCHEDULED_STEPS_LEASE, this.holder, leaseMs))) return 0;
    // Each enterprise's day begins in its own zone: read every step due by the latest day anywhere,
    // and let each placement decide by its enterprise's today (a step not yet due there is left).
    const today = latestCalendarDay(this.clock.now());
    // One read of an enterprise's day per pass: a step not yet due at its enterprise (due somewhere
    // already) is passed over here instead of re-reading its placement and enterprise every pass.
    const days = new Map<string, Promise<string>>();
    const dayAt = (placement: PlacementDocument) =>
      days.get(placement.enterpriseId) ?? days.set(placement.enterpriseId, this.placements.todayAt(placement)).get(placement.enterpriseId)!;
    let applied = 0;
    for (const kind of KINDS) {
      for (let page = await this.repository.dueScheduledSteps(kind, today, PAGE); page.length && !this.stopped;) {
        for (const placement of page) {
          try {
            const step = kind === 'start' ? placement.scheduledStart : placement.scheduledEnd;
            if (step && !isDue(step, await dayAt(placement))) continue;
            if ((await this.placements.applyDueScheduledStep(placement._id, kind)) === 'applied') {
              applied++;
              this.metrics.count(kind, 'applied');
            }
          } catch (error) {
            // One placement's failure does not hold the others back; it is retried at the next pass.
            this.metrics.count(kind, 'failed');
            this.logger.error(
              { err: error, placementId: placement._id, step: kind },
              'a scheduled ERP step could not be applied; the next pass retries',
            );
          }
        }
        page = page.length < PAGE ? [] : await this.repository.dueScheduledSteps(kind, today, PAGE, page.at(-1)!._id);
      }
    }
    if (applied) this.logger.log(`applied ${applied} scheduled ERP step(s) of placements due by ${today}`);
    // Under the same lease: the ERP inbox and review queue settle what a crash after a placement's write left behind.
    if (!this.stopped) await this.placements.scheduledPassDone(today);
    return applied;
  }
}
