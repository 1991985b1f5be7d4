import { Inject, Injectable } from '@nestjs/common';
import { OutgoingEvent, PermanentFailureError } from '@app/messaging';
import { retryOnConflict } from '@app/persistence';
import { APP_CONFIG, Clock, ProblemException } from '@app/base';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { Principal } from '../access/principal';
import { Side } from './domain/ledger';
import { CheckRule } from './domain/participant-check';
import { AnswerRule } from './domain/placement-answer';
import { guardAsync } from './project-problems';
import { ProjectDocument } from './project.document';
import { projectView } from './project.view';
import { ProjectsRepository } from './projects.repository';

export type Actor = Side | 'operator';
export type Change = { set: Partial<ProjectDocument>; events?: OutgoingEvent[] };

/** The one place that reads a project for a caller and writes it back with its events (private to the feature). */
@Injectable()
export class ProjectWriter {
  constructor(
    private readonly projects: ProjectsRepository,
    @Inject(APP_CONFIG) private readonly config: RdCollaborationConfig,
    private readonly clock: Clock,
  ) {}

  /** When a placement proposal awaiting its answer counts as unanswered, as of now (ADR 0070). */
  answerRule(): AnswerRule {
    return { now: this.clock.now(), answerHours: this.config.RD_PLACEMENT_ANSWER_HOURS };
  }

  /** When a participant's pending check counts as overdue, as of now (ADR 0082, addendum). */
  checkRule(): CheckRule {
    return { now: this.clock.now(), checkHours: this.config.RD_PARTICIPANT_CHECK_HOURS };
  }

  /** A project as every answer carries it, placement proposals' status and participants' checks as of now. */
  view(project: ProjectDocument) {
    return projectView(project, this.answerRule(), this.checkRule());
  }

  /** Applies an inbound event to a project once (`eventKey`); an event naming a project this service does not have is never applicable. */
  async applyWithRetry(id: string, eventKey: string, change: (p: ProjectDocument) => Partial<ProjectDocument>): Promise<void> {
    await retryOnConflict(async () => {
      const project = await this.projects.store.findById(id);
      if (!project) throw new PermanentFailureError(`${eventKey}: no project ${id} in this service`);
      await this.projects.store.update(project, change(project), [], eventKey);
    });
  }

  async visible(principal: Principal, id: string): Promise<ProjectDocument> {
    const project = await this.projects.store.findById(id);
    if (
      project &&
      (principal.role === 'operator' ||
        (principal.role === 'enterprise' && principal.enterpriseId === project.enterpriseId) ||
        (principal.role === 'school' && principal.schoolId === project.schoolId))
    ) {
      return project;
    }
    throw new ProblemException(404, 'project not found', `no project ${id} visible to you`);
  }

  /**
   * Loads, decides and writes state plus events in one single-document update, retrying on a
   * version conflict. `sides` are the project sides allowed to act (the operator always may
   * reach the decider, which can still refuse it). Nothing is stored when the decider throws.
   * A closed project no longer changes (409), except that `isRetryOfStored` lets the decider answer
   * a retry of what was stored before the closure (an Idempotency-Key's entry): its first answer
   * was lost, not its write.
   */
  async mutate(
    principal: Principal,
    id: string,
    sides: Side[],
    decide: (p: ProjectDocument, actor: Actor) => Change | Promise<Change>,
    isRetryOfStored?: (p: ProjectDocument) => boolean,
  ) {
    return retryOnConflict(async () => {
      const project = await this.visible(principal, id);
      const actor: Actor = principal.role === 'operator' ? 'operator' : (principal.role as Side);
      if (actor !== 'operator' && !sides.includes(actor)) throw new ProblemException(403, 'forbidden', `the ${actor} may not do this`);
      if (project.status === 'closed' && !isRetryOfStored?.(project)) {
        throw new ProblemException(409, 'project closed', 'a closed project no longer changes');
      }
      const change = await guardAsync(() => decide(project, actor));
      if (Object.keys(change.set).length === 0 && !change.events?.length) return this.view(project);
      await this.projects.store.update(project, change.set, change.events ?? []);
      return this.view((await this.projects.store.findById(id))!);
    });
  }
}
