import { z } from 'zod';
import { BaseConfigSchema } from '@app/base';

export const RdCollaborationConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('rd-collaboration'),
  PORT: z.coerce.number().int().min(1).default(3003),
  /**
   * Bearer token for operator endpoints (issuing access keys, reading any trail or scorecard).
   * Without it the service runs with no operator: nobody can issue keys, so only its event
   * consumers and the partner copies work (what the older e2e flows start it with).
   */
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * How many days after a project closed (or a proposal was finished) an enterprise and its
   * reviewers still read its teachers' rows whole; later the rows are redacted as while the
   * teacher objects (ADR 0077). Students' rows follow their consent instead.
   */
  RD_HOST_VIEW_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  /**
   * How many days after its selection a proposal may still become a project. Later it lapses:
   * it counts as finished then (`finishedAt`, so the objection and RD_HOST_VIEW_DAYS apply to
   * its team) and making a project from it is refused (ADR 0077).
   */
  RD_SELECTED_PROPOSAL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * How many hours a placement proposal waits for the talent pipeline's answer before it shows
   * as `unanswered` and may be sent again (ADR 0070). The pipeline answers in seconds; no answer
   * by then means the proposal was dead-lettered or lost.
   */
  RD_PLACEMENT_ANSWER_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /**
   * How many hours a participant's check waits for the owning service's answer before it shows
   * `overdue` and counts in rd_participant_checks_overdue (ADR 0082, addendum). The owners answer
   * in seconds; no answer by then means the joined event was dead-lettered or the owner is down.
   */
  RD_PARTICIPANT_CHECK_HOURS: z.coerce.number().int().min(1).max(720).default(24),
});

export type RdCollaborationConfig = z.infer<typeof RdCollaborationConfigSchema>;
