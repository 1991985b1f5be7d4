import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PlacementsRepository } from './placements.repository';
import { PlacementsService } from './placements.service';

const SCHEDULED_ENDS_LEASE = 'placements.scheduled-ends';
const PAGE = 100;

/**
 * Applies ERP ends dated in the future once their day has come (ADR 0076): every
 * SCHEDULED_ENDS_POLL_MS, the placements whose `scheduledEnd.dueOn` is today or past (UTC, by
 * the service's Clock) go through the same lifecycle transition and outbox as an end applied on
 * arrival. One replica at a time holds the lease (as the retention sweep does); each apply is
 * one write conditional on the placement's version that also clears the schedule, so a lease
 * that lapses mid-pass, or a crash, costs a repeat of the read, never a second outcome.
 */
@Injectable()
export class ScheduledEndsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduledEndsScheduler.name);
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly placements: PlacementsService,
    private readonly repository: PlacementsRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.applyDue(), this.config.SCHEDULED_ENDS_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.repository.releaseLease(SCHEDULED_ENDS_LEASE, this.holder).catch(() => undefined);
  }

  /** One pass now, if this replica holds the lease; returns how many ends it applied. */
  applyDue(): Promise<number> {
    this.running ??= this.applyDueOnce()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'applying scheduled ends failed; the next pass retries');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async applyDueOnce(): Promise<number> {
    const leaseMs = Math.max(this.config.SCHEDULED_ENDS_POLL_MS * 2, 60_000);
    if (!(await this.repository.acquireLease(SCHEDULED_ENDS_LEASE, this.holder, leaseMs))) return 0;
    const today = this.clock.today();
    let applied = 0;
    for (let page = await this.repository.dueScheduledEnds(today, PAGE); page.length && !this.stopped;) {
      for (const placement of page) {
        try {
          if ((await this.placements.applyDueScheduledEnd(placement._id, today)) === 'applied') applied++;
        } catch (error) {
          // One placement's failure does not hold the others back; it is retried at the next pass.
          this.logger.error({ err: error, placementId: placement._id }, 'a scheduled end could not be applied; the next pass retries');
        }
      }
      page = page.length < PAGE ? [] : await this.repository.dueScheduledEnds(today, PAGE, page.at(-1)!._id);
    }
    if (applied) this.logger.log(`applied ${applied} scheduled end(s) of placements due on ${today}`);
    return applied;
  }
}
