import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { OutcomesService } from '../outcomes/outcomes.service';
import { OutcomeTopicsService } from './outcome-topics.service';

/** While no school has a topic open, the pump looks less often, up to this many poll intervals apart. */
const IDLE_BACKOFF = 8;

/**
 * Publishes schools' outcome topics: woken at once when this process appends to a feed (while
 * some topic is open), and every OUTCOME_TOPIC_POLL_MS for what other replicas appended, which
 * costs two reads (the open topics, their feeds' positions). One replica at a time holds the
 * pump's lease and publishes.
 */
@Injectable()
export class OutcomeTopicPump implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutcomeTopicPump.name);
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private idleRounds = 0;
  /** Whether a topic was open at the last look: appends wake the pump only then. */
  private anyOpen = false;
  /** A pass failed and none succeeded since: the log says so once per outage, not every pass. */
  private failing = false;

  constructor(
    private readonly topics: OutcomeTopicsService,
    private readonly outcomes: OutcomesService,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.outcomes.whenAppended(() => {
      if (this.anyOpen) this.wake();
    });
    this.schedule();
  }

  /** Runs a pass now, or right after the one running. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Before the database closes: the last pass ends, and the lease is given up for the next replica. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.topics.releaseLease(this.holder).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not give up the outcome topic lease; another replica takes it when it lapses');
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.config.OUTCOME_TOPIC_POLL_MS * Math.min(2 ** this.idleRounds, IDLE_BACKOFF);
    this.timer = setTimeout(() => {
      this.wake();
      this.schedule();
    }, delay);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    try {
      const leaseMs = Math.max(15_000, this.config.OUTCOME_TOPIC_POLL_MS * IDLE_BACKOFF * 2);
      for (;;) {
        const { open, published } = await this.topics.publishRound(this.holder, leaseMs);
        this.anyOpen = open > 0;
        this.idleRounds = this.anyOpen ? 0 : this.idleRounds + 1;
        if (this.failing) this.logger.log('outcome topic passes work again');
        this.failing = false;
        if (published === 0 || this.stopped) return;
      }
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'outcome topic pass failed; the next ones retry (logged again once they work)');
      this.failing = true;
    }
  }
}
