import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { APP_CONFIG, Clock } from '@app/base';
import { METRICS_REGISTRY } from '@app/platform';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { checkDueBy } from './domain/participant-check';
import { ProjectsRepository } from './projects.repository';

const CHECKS_OVERDUE = 'rd_participant_checks_overdue';
const PROPOSALS_UNANSWERED = 'rd_placement_proposals_unanswered';

/** Who answers a participant's check: the secondment service a teacher, the talent pipeline a student (ADR 0082). */
const OWNERS = { teacher: 'teacher-secondment', student: 'talent-pipeline' } as const;

/**
 * What the R&D service waits for from the other services and got no answer to in time, counted
 * from the database at each scrape (no scheduler: the figures are read when Prometheus asks), for
 * the operators' alerts:
 * - `rd_participant_checks_overdue{owner}`: participants' checks still pending after
 *   RD_PARTICIPANT_CHECK_HOURS, by the service that owes the answer (ADR 0082, addenda);
 * - `rd_placement_proposals_unanswered`: students' placement proposals the talent pipeline has not
 *   answered after RD_PLACEMENT_ANSWER_HOURS (ADR 0070, addendum).
 * Both count what shows `overdue` / `unanswered` on read, withdrawn participations and closed
 * projects left out: nobody waits for them, and a closed project's unanswered row would keep an
 * alert firing for good.
 */
@Injectable()
export class ProjectWaitMetrics {
  private readonly logger = new Logger(ProjectWaitMetrics.name);

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(APP_CONFIG) config: RdCollaborationConfig,
    projects: ProjectsRepository,
    clock: Clock,
  ) {
    // The instant an answer asked for `hours` ago is due now: asked at or before it is late (checkDueBy, the read's rule).
    const askedBy = (hours: number) => checkDueBy(clock.now().toISOString(), -hours).toISOString();
    this.gauge(
      CHECKS_OVERDUE,
      'R&D participants whose check is still pending after RD_PARTICIPANT_CHECK_HOURS, by owner (the service that never answered).',
      ['owner'],
      async (gauge) => {
        const counts = await projects.pendingChecksRequestedBy(askedBy(config.RD_PARTICIPANT_CHECK_HOURS));
        for (const kind of ['teacher', 'student'] as const) gauge.set({ owner: OWNERS[kind] }, counts[kind]);
      },
    );
    this.gauge(
      PROPOSALS_UNANSWERED,
      'R&D placement proposals the talent pipeline has not answered after RD_PLACEMENT_ANSWER_HOURS (dead-lettered or lost).',
      [],
      async (gauge) => gauge.set(await projects.unansweredProposalsSentBy(askedBy(config.RD_PLACEMENT_ANSWER_HOURS))),
    );
  }

  /** A gauge refreshed from the database at each scrape; registered once per registry (tests build several apps). */
  private gauge(name: string, help: string, labelNames: string[], refresh: (gauge: Gauge) => Promise<void>): void {
    if (this.registry.getSingleMetric(name)) return;
    const logger = this.logger;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        try {
          await refresh(this);
        } catch (error) {
          // The database away: keep the last figures rather than failing the whole scrape.
          logger.warn(`${name} not refreshed: ${(error as Error).message}`);
        }
      },
    });
  }
}
