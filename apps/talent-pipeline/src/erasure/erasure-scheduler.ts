import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { expiredStudents, RetentionRules } from './domain/retention';
import { ErasureRequestsRepository } from './erasure-requests.repository';
import { ErasureService } from './erasure.service';
import { RetentionCandidatesRepository } from './retention-candidates.repository';

const RETENTION_LEASE = 'erasure.retention-sweep';

/**
 * Two periodic jobs: the completion tracker (open requests read their notices' delivery
 * results and complete), and the retention sweep, which files an erasure request with origin
 * `retention` for every student whose retention period has passed. The sweep runs in one
 * replica at a time under a lease in Mongo; filing is idempotent per student anyway, so a
 * lease that lapses mid-sweep costs a repeat, never a second request.
 */
@Injectable()
export class ErasureScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ErasureScheduler.name);
  private readonly holder = randomUUID();
  private readonly timers: NodeJS.Timeout[] = [];
  private tracking?: Promise<void>;
  private sweeping?: Promise<number>;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly erasure: ErasureService,
    private readonly requests: ErasureRequestsRepository,
    private readonly candidates: RetentionCandidatesRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timers.push(setInterval(() => void this.track(), this.config.ERASURE_TRACK_MS));
    if (this.rules().daysAfterLastPlacement !== undefined || this.rules().unplacedDays !== undefined) {
      this.timers.push(setInterval(() => void this.sweep(), this.config.RETENTION_SWEEP_MS));
    }
    for (const timer of this.timers) timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([this.tracking, this.sweeping]);
  }

  track(): Promise<void> {
    this.tracking ??= this.erasure
      .refreshPending()
      .catch((error: unknown) => this.logger.warn(`erasure tracking failed; the next pass retries: ${(error as Error).message}`))
      .finally(() => (this.tracking = undefined));
    return this.tracking;
  }

  /** One sweep now, if this replica holds the lease; returns how many requests it filed. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'retention sweep failed; the next one retries');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private rules(): RetentionRules {
    return {
      daysAfterLastPlacement: this.config.RETENTION_STUDENT_DAYS_AFTER_LAST_PLACEMENT,
      unplacedDays: this.config.RETENTION_UNPLACED_STUDENT_DAYS,
    };
  }

  private async sweepOnce(): Promise<number> {
    const leaseMs = Math.max(this.config.RETENTION_SWEEP_MS, 60_000);
    if (!(await this.requests.acquireLease(RETENTION_LEASE, this.holder, leaseMs))) return 0;
    let filed = 0;
    for (let page = await this.candidates.page(); page.length && !this.stopped; page = await this.candidates.page(page.at(-1)!.studentId)) {
      for (const expired of expiredStudents(page, this.rules(), new Date())) {
        const { created } = await this.erasure.file(expired.studentId, `retention period ended: ${expired.rule}`, {
          kind: 'retention',
          rule: expired.rule,
        });
        if (created) filed++;
      }
    }
    if (filed) this.logger.log(`retention sweep filed ${filed} erasure request(s)`);
    return filed;
  }
}
