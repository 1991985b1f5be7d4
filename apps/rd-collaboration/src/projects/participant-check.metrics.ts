import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { APP_CONFIG, Clock } from '@app/base';
import { METRICS_REGISTRY } from '@app/platform';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { checkDueBy } from './domain/participant-check';
import { ProjectsRepository } from './projects.repository';

const OVERDUE = 'rd_participant_checks_overdue';

/** Who answers a participant's check: the secondment service a teacher, the talent pipeline a student (ADR 0082). */
const OWNERS = { teacher: 'teacher-secondment', student: 'talent-pipeline' } as const;

/**
 * Participants' checks still pending after RD_PARTICIPANT_CHECK_HOURS, by the service that owes
 * the answer (ADR 0082, addenda), counted from the database at each scrape: what shows
 * `overdue` on read, withdrawn participations and closed projects left out (`checkAwaited`:
 * nobody waits for them, and a closed project's unanswered check would keep the alert firing for
 * good). No scheduler: the figure is read when Prometheus asks.
 */
@Injectable()
export class ParticipantCheckMetrics {
  private readonly logger = new Logger(ParticipantCheckMetrics.name);

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(APP_CONFIG) config: RdCollaborationConfig,
    projects: ProjectsRepository,
    clock: Clock,
  ) {
    if (registry.getSingleMetric(OVERDUE)) return;
    const logger = this.logger;
    new Gauge({
      name: OVERDUE,
      help: 'R&D participants whose check is still pending after RD_PARTICIPANT_CHECK_HOURS, by owner (the service that never answered).',
      labelNames: ['owner'],
      registers: [registry],
      async collect() {
        // requestedAt <= now - hours  <=>  requestedAt + hours <= now (checkDueBy), the read's rule.
        const requestedBy = checkDueBy(clock.now().toISOString(), -config.RD_PARTICIPANT_CHECK_HOURS).toISOString();
        try {
          const counts = await projects.pendingChecksRequestedBy(requestedBy);
          for (const kind of ['teacher', 'student'] as const) this.set({ owner: OWNERS[kind] }, counts[kind]);
        } catch (error) {
          // The database away: keep the last figures rather than failing the whole scrape.
          logger.warn(`${OVERDUE} not refreshed: ${(error as Error).message}`);
        }
      },
    });
  }
}
