import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventData, RD_WITHDRAWAL_MAX_HOURS_ENTRIES, RdPlacementAccepted, RdPlacementProposed, RdPlacementRefused } from '@app/contracts';
import { DuplicateKeyError } from '@app/persistence';
import { Clock, idempotencyKeyReused, keyedDocument, ProblemException } from '@app/base';
import { idempotencyCallerOf, Principal } from '../access/principal';
import { ChallengesService } from '../challenges/challenges.service';
import { PersonCopiesService } from '../person-copies/person-copies.service';
import { PrivacyService } from '../privacy/privacy.service';
import { ProposalsService } from '../proposals/proposals.service';
import { assertDeliveryFits, assertPledgesBalance, Delivery, Side } from './domain/ledger';
import { checkAfter, ParticipantCheckAnswer } from './domain/participant-check';
import { assertTakesHoursOn, enteredInError, isActiveParticipation } from './domain/participant-withdrawal';
import { placementProposalStatus } from './domain/placement-answer';
import {
  assertChangeDecider,
  assertInsidePeriod,
  assertPeriod,
  assertRevenueShare,
  decideMilestone,
  ProjectRuleError,
} from './domain/project-rules';
import { entryIdFor, ERASED_ACTIVITY, isSameHoursRequest } from './hours-entry-id';
import { KeyedRow, keyedRow } from './keyed-row';
import { isSameParticipantRequest } from './participant-request';
import { placementIdFor } from './placement-proposal-id';
import * as events from './project-events';
import { guard } from './project-problems';
import { Actor, Change, ProjectWriter } from './project-writer';
import {
  ChangeRequest,
  Milestone,
  Outcome,
  Participant,
  PlacementDecision,
  PlacementLink,
  PlacementProposal,
  ProjectDocument,
  UnansweredAttempt,
} from './project.document';
import {
  AddMilestone,
  AddParticipant,
  CloseProject,
  CreateProject,
  DecideChange,
  DeliverContribution,
  LogHours,
  MilestoneAction,
  ProposeChange,
  ProposePlacement,
  RecordOutcome,
  WithdrawParticipant,
} from './project.schemas';
import { closureReport } from './project.view';
import { ProjectsRepository } from './projects.repository';

/** The placement facts a project links to (from talent.placement-outcome.v1 copies). */
export interface PlacementFacts {
  placementId: string;
  studentId: string;
  /** The student's school: only that school's projects link the placement. */
  schoolId: string;
  enterpriseId: string;
  status: string;
  hire?: { positionTitle: string; hireDate: string };
}

/** The talent pipeline's answer to a placement proposal: the data of either talent.rd-placement-decision.v1 event, with which it is. */
export type PlacementDecisionFacts =
  | (EventData<typeof RdPlacementAccepted> & { status: 'accepted'; reason?: undefined; detail?: undefined })
  | (EventData<typeof RdPlacementRefused> & { status: 'refused' });

@Injectable()
export class ProjectsService implements OnModuleInit {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly writer: ProjectWriter,
    private readonly proposals: ProposalsService,
    private readonly challenges: ChallengesService,
    private readonly people: PersonCopiesService,
    private readonly privacy: PrivacyService,
    /**
     * Every time a project records (joined, requested, withdrawn, proposed, logged, decided, closed,
     * linked) and every event's `occurredAt` reads this one service clock, as the rules deciding
     * from those times do (an answer or a check overdue, a withdrawal day): a time read from the
     * system clock beside them would disagree with the rules whenever the clock is moved (a test, a
     * replayed scenario). Only transport times stay on the system clock, in the libraries: a
     * record's CloudEvent `time` and signature, the outbox lease, the dedupe marks.
     */
    private readonly clock: Clock,
  ) {}

  /** Now, as an instant recorded on the project. */
  private now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * An erased student stays a participant row under a pseudonym (so head counts, the closure
   * report and the scorecard stay right), without name or role; their hours keep date and
   * amount without the activity text, and placement links point at the pseudonym (ADR 0041).
   */
  onModuleInit(): void {
    // A selected proposal is finished work once its project closed, or lapses without one (ADR 0077).
    this.proposals.registerProjectsOfProposals((proposalIds) => this.projects.projectsByProposal(proposalIds));
    this.privacy.registerStudentData('projects', {
      survey: async (studentId) => {
        const projects = await this.projects.withStudent(studentId);
        const count = (n: (p: ProjectDocument) => number) => projects.reduce((sum, p) => sum + n(p), 0);
        const action = (store: string, fields: string[], records: number) => ({
          store,
          action: records > 0 ? ('pseudonymised' as const) : ('none-held' as const),
          fields,
          records,
        });
        return [
          action(
            'projects.participants',
            ['personId', 'name', 'role'],
            count((p) => p.participants.filter((x) => x.kind === 'student' && x.personId === studentId).length),
          ),
          action(
            'projects.hours',
            ['personId', 'activity'],
            count((p) => p.hours.filter((h) => h.personId === studentId).length),
          ),
          action(
            'projects.placementLinks',
            ['studentId'],
            count((p) => p.placementLinks.filter((l) => l.studentId === studentId).length),
          ),
        ];
      },
      erase: async (studentId, pseudonym, requestId) => {
        for (const project of await this.projects.withStudent(studentId)) {
          await this.writer.applyWithRetry(project._id, `erasure|${requestId}`, (p) => ({
            participants: p.participants.map((x) =>
              x.kind === 'student' && x.personId === studentId
                ? {
                    participationId: x.participationId,
                    kind: x.kind,
                    personId: pseudonym,
                    name: '',
                    role: '',
                    ...(x.placementId ? { placementId: x.placementId } : {}),
                    ...(x.placementProposal ? { placementProposal: x.placementProposal } : {}),
                    joinedAt: x.joinedAt,
                    ...(x.check ? { check: x.check } : {}),
                    ...(x.withdrawal ? { withdrawal: x.withdrawal } : {}),
                    erased: true as const,
                  }
                : x,
            ),
            hours: p.hours.map((h) => (h.personId === studentId ? { ...h, personId: pseudonym, activity: ERASED_ACTIVITY } : h)),
            placementLinks: p.placementLinks.map((l) => (l.studentId === studentId ? { ...l, studentId: pseudonym } : l)),
          }));
        }
      },
    });
  }

  /**
   * Turns a selected proposal into a project. With an Idempotency-Key the project id is derived from
   * the caller and the key, so a retry finds the project before any rule (the selection finished, the
   * project closed, the agreement ended since) and answers it as it stands, stored and published
   * once; the key with another request is a 422 (ADR 0083, addendum). Of two racing retries the
   * store's unique `_id` lets one insert, the other reads it back.
   */
  async create(principal: Principal, input: CreateProject, options: { correlationid?: string; idempotencyKey?: string } = {}) {
    const { correlationid, idempotencyKey } = options;
    const keyed = keyedDocument('project', idempotencyCallerOf(principal), idempotencyKey, input);
    if (keyed) {
      const stored = await this.projects.store.findById(keyed.id);
      if (stored) return this.replayOf(stored, keyed.idempotency.fingerprint);
    }
    const proposal = await this.proposals.selectedProposal(principal, input.proposalId);
    if (!(await this.challenges.schoolCovered(proposal.schoolId, proposal.enterpriseId))) {
      throw new ProblemException(
        422,
        'no R&D agreement',
        'the school and the enterprise no longer have an active cooperation agreement covering R&D (ADR 0027)',
      );
    }
    guard(() => {
      assertPeriod(input.terms.period, 'terms.period');
      assertRevenueShare(input.terms.ip.revenueShare);
      assertPledgesBalance(
        input.terms.budget,
        input.pledges.map((p, i) => ({ ...p, pledgeId: `pledge-${i + 1}` })),
      );
    });
    const now = this.now();
    const project = {
      _id: keyed?.id ?? randomUUID(),
      challengeId: proposal.challengeId,
      proposalId: proposal._id,
      enterpriseId: proposal.enterpriseId,
      schoolId: proposal.schoolId,
      title: input.title ?? proposal.title,
      terms: input.terms,
      pledges: input.pledges.map((p, i) => ({ ...p, pledgeId: `pledge-${i + 1}` })),
      deliveries: [],
      participants: [],
      hours: [],
      milestones: [],
      changeRequests: [],
      outcomes: [],
      placementLinks: [],
      ledToHire: false,
      status: 'active' as const,
      createdAt: now,
      ...(keyed ? { idempotency: keyed.idempotency } : {}),
    };
    const started = events.projectStarted(
      {
        projectId: project._id,
        enterpriseId: project.enterpriseId,
        schoolId: project.schoolId,
        challengeId: project.challengeId,
        proposalId: project.proposalId,
        title: project.title,
        budget: project.terms.budget,
        period: project.terms.period,
        occurredAt: now,
      },
      correlationid,
    );
    // The selection claimed last, after every check: a selection of another proposal cannot release it now (ADR 0085).
    await this.proposals.claimForProject(proposal);
    try {
      await this.projects.store.insert(project, [started]);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // A retry racing the first request under the key: the project it made is the answer.
      const stored = keyed ? await this.projects.store.findById(keyed.id) : null;
      if (stored) return this.replayOf(stored, keyed!.idempotency.fingerprint);
      throw new ProblemException(409, 'project exists', 'this proposal already became a project');
    }
    return this.writer.view((await this.projects.store.findById(project._id))!);
  }

  /** The answer to a retry with an Idempotency-Key: the project as it stands, if the request was the same. */
  private replayOf(stored: ProjectDocument, fingerprint: string) {
    if (stored.idempotency?.fingerprint !== fingerprint) throw idempotencyKeyReused('project');
    return this.writer.view(stored);
  }

  async list(principal: Principal) {
    const filter =
      principal.role === 'enterprise'
        ? { enterpriseId: principal.enterpriseId }
        : principal.role === 'school'
          ? { schoolId: principal.schoolId }
          : {};
    if (principal.role === 'reviewer') return [];
    return (await this.projects.find(filter)).map((p) => this.writer.view(p));
  }

  async get(principal: Principal, id: string) {
    return this.writer.view(await this.writer.visible(principal, id));
  }

  async closureReport(principal: Principal, id: string) {
    return closureReport(await this.writer.visible(principal, id));
  }

  /**
   * The school adds a teacher or student; published as rd.participation.joined.v1. With an
   * Idempotency-Key the participation id is derived from the project, the caller and the key: a
   * retry (also one racing the first request, which the project's version lets write only once)
   * finds the row before any rule ("already participates", a closed project) and answers the
   * project as it stands, stored and published once; the key with another person is a 422. A retry
   * after the student's erasure is compared on the kind only (`isSameParticipantRequest`, ADR 0083 addendum).
   */
  async addParticipant(
    principal: Principal,
    id: string,
    input: AddParticipant,
    options: { correlationid?: string; idempotencyKey?: string } = {},
  ) {
    const keyed = keyedRow<Participant>({
      kind: 'participant',
      caller: idempotencyCallerOf(principal),
      key: options.idempotencyKey,
      rowsOf: (p) => p.participants,
      rowId: (x) => x.participationId,
      isSameRequest: (x) => isSameParticipantRequest(x, input),
    });
    return this.createKeyed(
      principal,
      id,
      keyed,
      (p, _actor, participationId) => this.newParticipant(p, input, participationId, options.correlationid),
      ['school'],
    );
  }

  private async newParticipant(
    p: ProjectDocument,
    input: AddParticipant,
    participationId: string,
    correlationid?: string,
  ): Promise<Change> {
    // A withdrawn row is history: the person may be added again (came back, or was withdrawn by mistake).
    if (p.participants.some((x) => x.personId === input.personId && isActiveParticipation(x))) {
      throw new ProjectRuleError(409, 'personId', `${input.personId} already participates in this project`);
    }
    // Only the school's own facts: a school naming another school's person links none of theirs.
    const secondment = input.kind === 'teacher' ? await this.people.liveSecondment(input.personId, p.enterpriseId, p.schoolId) : undefined;
    const placement = input.kind === 'student' ? await this.people.placementAt(input.personId, p.enterpriseId, p.schoolId) : undefined;
    const now = this.now();
    const joined = events.participationJoined(
      {
        participationId,
        projectId: p._id,
        enterpriseId: p.enterpriseId,
        schoolId: p.schoolId,
        participantKind: input.kind,
        personId: input.personId,
        role: input.role,
        ...(secondment ? { secondmentId: secondment._id } : {}),
        ...(placement ? { placementId: placement._id } : {}),
        occurredAt: now,
      },
      correlationid,
    );
    // The service owning the person answers the joined event: confirmed, or refused with why (ADR 0082).
    const participant = {
      participationId,
      ...input,
      ...(secondment ? { secondmentId: secondment._id } : {}),
      ...(placement ? { placementId: placement._id } : {}),
      joinedAt: now,
      check: { status: 'pending' as const, joinedEventId: joined.event.id, requestedAt: now },
    };
    return { set: { participants: [...p.participants, participant] }, events: [joined] };
  }

  /**
   * The school takes a participant off the project: a wrong id or person (`entered-in-error`,
   * typically one the owning service refused), or a person who stopped taking part
   * (`left-project`). The row stays in the project's history, flagged with when, why and which
   * side; it takes no more hours or placement proposals. Published as rd.participation.withdrawn.v1
   * with the ids of the hours published for the row, so the secondment service un-credits exactly
   * those when the row was entered in error (ADR 0082, withdrawals). An erased person's row is not
   * published: the owner has forgotten them already.
   */
  async withdrawParticipant(principal: Principal, id: string, participationId: string, input: WithdrawParticipant, correlationid?: string) {
    return this.writer.mutate(principal, id, ['school'], (p, actor) => {
      const participant = p.participants.find((x) => x.participationId === participationId);
      if (!participant) throw new ProjectRuleError(404, 'participationId', `no participation ${participationId} in this project`);
      if (participant.withdrawal) {
        // A retry of the same withdrawal changes nothing; another reason would rewrite history.
        if (participant.withdrawal.reason === input.reason) return { set: {} };
        throw new ProjectRuleError(
          409,
          'participationId',
          `this participation was already withdrawn (${participant.withdrawal.reason}) on ${participant.withdrawal.withdrawnAt}`,
        );
      }
      const hoursEntryIds = p.hours.filter((h) => h.participationId === participationId && h.published).map((h) => h.entryId);
      if (hoursEntryIds.length > RD_WITHDRAWAL_MAX_HOURS_ENTRIES) {
        // The record would outgrow what a broker accepts; an operator splits it (never met: 5,000 entries is years of daily logs).
        throw new ProjectRuleError(
          422,
          'participationId',
          `this participation has ${hoursEntryIds.length} published hours entries, more than one withdrawal can name (${RD_WITHDRAWAL_MAX_HOURS_ENTRIES})`,
        );
      }
      const withdrawal = { reason: input.reason, withdrawnAt: this.now(), withdrawnBy: actor };
      const published = participant.erased
        ? []
        : [
            events.participationWithdrawn(
              {
                participationId,
                projectId: p._id,
                enterpriseId: p.enterpriseId,
                schoolId: p.schoolId,
                participantKind: participant.kind,
                personId: participant.personId,
                reason: input.reason,
                hoursEntryIds,
                occurredAt: withdrawal.withdrawnAt,
              },
              correlationid,
            ),
          ];
      return {
        set: { participants: p.participants.map((x) => (x.participationId === participationId ? { ...x, withdrawal } : x)) },
        events: published,
      };
    });
  }

  /**
   * One side of the project proposes a participating student for an R&D internship at the
   * project's enterprise: published as rd.placement.proposed.v1, from which the talent pipeline
   * creates the placement (its checks: agreement, consent). The placement id is fixed per
   * participation, so the participant links to it now and its outcomes ("led to a hire") follow;
   * the same proposal again changes and publishes nothing, another one for the student is a 409,
   * until the talent pipeline refuses it (recordPlacementDecision): then it may be proposed again.
   * A proposal left unanswered for RD_PLACEMENT_ANSWER_HOURS (dead-lettered or lost, ADR 0070)
   * is sent again when the same terms are proposed again: a new event under the same placement
   * id, so a pipeline that did create the placement finds it and answers `accepted` rather than
   * creating a second one. Other terms stay a 409 then: the pipeline may still create the
   * placement under the first ones.
   */
  async proposePlacement(principal: Principal, id: string, participationId: string, input: ProposePlacement, correlationid?: string) {
    const answerRule = this.writer.answerRule();
    return this.writer.mutate(principal, id, ['enterprise', 'school'], (p, actor) => {
      const participant = p.participants.find((x) => x.participationId === participationId);
      if (!participant) throw new ProjectRuleError(404, 'participationId', `no participation ${participationId} in this project`);
      if (participant.kind !== 'student') {
        throw new ProjectRuleError(422, 'participationId', 'only a student participant is proposed for a placement');
      }
      if (participant.erased) throw new ProjectRuleError(409, 'participationId', 'the student of this participation was erased');
      assertActive(participant);
      if (!RdPlacementProposed.schema.shape.studentId.safeParse(participant.personId).success) {
        // The talent pipeline would dead-letter the proposal and the project would wait for a placement that never comes.
        throw new ProjectRuleError(
          422,
          'participationId',
          `the talent pipeline knows students by their UUID; this participant's personId ${participant.personId} is not one`,
        );
      }
      const earlier = participant.placementProposal;
      let unansweredAttempts: UnansweredAttempt[] = [];
      // A refused proposal may be made again (the cause fixed), with the same terms or new ones.
      if (earlier && earlier.decision?.status !== 'refused') {
        const sameTerms = earlier.role === input.role && earlier.startDate === input.startDate && earlier.endDate === input.endDate;
        if (placementProposalStatus(earlier, answerRule).status !== 'unanswered') {
          if (sameTerms) return { set: {} };
          throw new ProjectRuleError(
            409,
            'participationId',
            `this student was already proposed for placement ${earlier.placementId} from this project, with other terms`,
          );
        }
        if (!sameTerms) {
          throw new ProjectRuleError(
            409,
            'participationId',
            `the proposal for placement ${earlier.placementId} got no answer from the talent pipeline; it is sent again only with its own terms (role, startDate, endDate), since the placement may yet be created under them`,
          );
        }
        const { proposalEventId, proposedBy, proposedAt } = earlier;
        unansweredAttempts = [
          ...(earlier.unansweredAttempts ?? []),
          { ...(proposalEventId ? { proposalEventId } : {}), proposedBy, proposedAt },
        ];
      }
      assertInsidePeriod(input.startDate, p.terms.period, 'startDate', 'the start date');
      const terms = {
        placementId: placementIdFor(p._id, participationId),
        role: input.role,
        startDate: input.startDate,
        ...(input.endDate ? { endDate: input.endDate } : {}),
        proposedBy: actor,
        proposedAt: this.now(),
      };
      const published = events.placementProposed(
        {
          placementId: terms.placementId,
          projectId: p._id,
          participationId,
          enterpriseId: p.enterpriseId,
          schoolId: p.schoolId,
          studentId: participant.personId,
          role: terms.role,
          startDate: terms.startDate,
          ...(terms.endDate ? { endDate: terms.endDate } : {}),
          proposedBy: actor,
          occurredAt: terms.proposedAt,
        },
        correlationid,
      );
      // The talent pipeline's answer names the event, so an answer to an earlier proposal is told apart.
      const proposal: PlacementProposal = {
        ...terms,
        proposalEventId: published.event.id,
        ...(unansweredAttempts.length ? { unansweredAttempts } : {}),
      };
      return {
        set: {
          participants: p.participants.map((x) =>
            x.participationId === participationId
              ? { ...x, placementProposal: proposal, ...(x.placementId ? {} : { placementId: proposal.placementId }) }
              : x,
          ),
        },
        events: [published],
      };
    });
  }

  /**
   * The school logs hours; teachers' hours are published for the secondment service to credit. A
   * participant who left still has hours logged for days up to the withdrawal day (schools log
   * late), published like any others; they are not in the withdrawal already published, and need
   * not be: a leaver's hours stand (ADR 0082, last addendum). A retry with the Idempotency-Key
   * after the student's erasure blanked the entry's activity is compared on date and hours only
   * (`isSameHoursRequest`, ADR 0083 addendum) and answered with the stored entry.
   */
  async logHours(
    principal: Principal,
    id: string,
    participationId: string,
    input: LogHours,
    options: { correlationid?: string; idempotencyKey?: string } = {},
  ) {
    const correlationid = options.correlationid;
    const { idempotencyKey } = options;
    const sameEntry = (p: ProjectDocument, entry: { entryId: string; date: string; hours: number; activity: string }) =>
      idempotencyKey !== undefined &&
      entry.entryId === entryIdFor(p._id, participationId, idempotencyKey) &&
      isSameHoursRequest(entry, input);
    // A retry of hours stored before the project closed is answered as the first time, as on an open project.
    const isRetryOfStored = (p: ProjectDocument) => p.hours.some((entry) => sameEntry(p, entry));
    return this.writer.mutate(
      principal,
      id,
      ['school'],
      (p) => {
        const participant = p.participants.find((x) => x.participationId === participationId);
        if (!participant) throw new ProjectRuleError(404, 'participationId', `no participation ${participationId} in this project`);
        // A retried request with the same Idempotency-Key names the same entry: stored and published once. Looked
        // up before the withdrawal rule, so a retry of hours logged before the row was withdrawn answers as the first time.
        const entryId = idempotencyKey ? entryIdFor(p._id, participationId, idempotencyKey) : randomUUID();
        const earlier = p.hours.find((h) => h.entryId === entryId);
        if (earlier) {
          if (!sameEntry(p, earlier)) throw idempotencyKeyReused('hours entry');
          return { set: {} };
        }
        assertTakesHoursOn(participant, input.date);
        assertInsidePeriod(input.date, p.terms.period, 'date', 'the date');
        const published = participant.kind === 'teacher';
        const entry = { entryId, participationId, personId: participant.personId, ...input, published };
        return {
          set: { hours: [...p.hours, entry] },
          events: published
            ? [
                events.hoursLogged(
                  {
                    entryId,
                    projectId: p._id,
                    enterpriseId: p.enterpriseId,
                    schoolId: p.schoolId,
                    teacherId: participant.personId,
                    date: input.date,
                    hours: input.hours,
                    activity: input.activity,
                    occurredAt: this.now(),
                  },
                  correlationid,
                ),
              ]
            : [],
        };
      },
      isRetryOfStored,
    );
  }

  /**
   * A side plans a milestone. With an Idempotency-Key the milestone id is derived from the project,
   * the caller and the key: a retry (also one racing the first request) finds the milestone and is
   * answered with the project as it stands (the milestone perhaps delivered since), stored once; the
   * key with another milestone is a 422 (ADR 0083, addendum).
   */
  async addMilestone(principal: Principal, id: string, input: AddMilestone, options: { idempotencyKey?: string } = {}) {
    const keyed = keyedRow<Milestone>({
      kind: 'milestone',
      caller: idempotencyCallerOf(principal),
      key: options.idempotencyKey,
      input,
      rowsOf: (p) => p.milestones,
      rowId: (m) => m.milestoneId,
      requestOf: ({ milestoneId: _id, status: _status, history: _history, ...request }) => request,
    });
    return this.createKeyed(principal, id, keyed, (p, actor, milestoneId) => {
      assertInsidePeriod(input.dueOn, p.terms.period, 'dueOn', 'the due date');
      const milestone = {
        milestoneId,
        ...input,
        status: 'planned' as const,
        history: [{ status: 'planned' as const, at: this.now(), by: actor }],
      };
      return { set: { milestones: [...p.milestones, milestone] } };
    });
  }

  async actOnMilestone(principal: Principal, id: string, milestoneId: string, input: MilestoneAction) {
    return this.writer.mutate(principal, id, ['enterprise', 'school'], (p, actor) => {
      const milestone = p.milestones.find((m) => m.milestoneId === milestoneId);
      if (!milestone) throw new ProjectRuleError(404, 'milestoneId', `no milestone ${milestoneId} in this project`);
      const status = decideMilestone(milestone.status, input.action, actor);
      const updated = {
        ...milestone,
        status,
        history: [...milestone.history, { status, at: this.now(), by: actor, ...(input.note ? { note: input.note } : {}) }],
      };
      return { set: { milestones: p.milestones.map((m) => (m.milestoneId === milestoneId ? updated : m)) } };
    });
  }

  /**
   * A side proposes a change. With an Idempotency-Key the change request id is derived from the
   * project, the caller and the key: a retry (also one racing the first request) finds the request
   * and is answered with the project as it stands (the request perhaps decided since), stored once;
   * the key with another change is a 422 (ADR 0083, addendum).
   */
  async proposeChange(principal: Principal, id: string, input: ProposeChange, options: { idempotencyKey?: string } = {}) {
    const keyed = keyedRow<ChangeRequest>({
      kind: 'change request',
      caller: idempotencyCallerOf(principal),
      key: options.idempotencyKey,
      input,
      rowsOf: (p) => p.changeRequests,
      rowId: (c) => c.changeRequestId,
      requestOf: ({ changeRequestId: _id, proposedBy: _by, status: _status, proposedAt: _at, decidedAt: _decided, ...request }) => request,
    });
    return this.createKeyed(principal, id, keyed, (p, actor, changeRequestId) => {
      if (actor === 'operator') throw new ProjectRuleError(403, 'proposedBy', 'a change request is proposed by one side of the project');
      if (input.newEnd && input.newEnd < p.terms.period.start)
        throw new ProjectRuleError(400, 'newEnd', 'must not be before the project start');
      const request = { changeRequestId, proposedBy: actor, ...input, status: 'proposed' as const, proposedAt: this.now() };
      return { set: { changeRequests: [...p.changeRequests, request] } };
    });
  }

  async decideChange(principal: Principal, id: string, changeRequestId: string, input: DecideChange) {
    return this.writer.mutate(principal, id, ['enterprise', 'school'], (p, actor) => {
      const request = p.changeRequests.find((c) => c.changeRequestId === changeRequestId);
      if (!request) throw new ProjectRuleError(404, 'changeRequestId', `no change request ${changeRequestId}`);
      assertChangeDecider(request.proposedBy, actor, request.status);
      const set: Partial<ProjectDocument> = {
        changeRequests: p.changeRequests.map((c) => (c === request ? { ...c, status: input.decision, decidedAt: this.now() } : c)),
      };
      if (input.decision === 'approved' && request.newEnd) {
        const period = { ...p.terms.period, end: request.newEnd };
        p.milestones.forEach((m, i) =>
          assertInsidePeriod(m.dueOn, period, `milestones.${i}.dueOn`, 'with the new end, a milestone due date'),
        );
        p.hours.forEach((h) => assertInsidePeriod(h.date, period, 'newEnd', 'with the new end, logged hours dated'));
        // Deliveries are dated inside the project period too (ADR 0028); a shorter period must still hold them.
        p.deliveries.forEach((d) => assertInsidePeriod(d.deliveredOn, period, 'newEnd', 'with the new end, a delivery dated'));
        set.terms = { ...p.terms, period };
      }
      return { set };
    });
  }

  /**
   * A side records a delivery against its pledge. With an Idempotency-Key the contribution id is
   * derived from the project, the caller and the key: a retry (also one racing the first request,
   * which the project's version lets write only once) finds the delivery and is answered as the
   * first time, stored and published once; the key with another delivery is a 422 (ADR 0083).
   */
  async deliverContribution(
    principal: Principal,
    id: string,
    input: DeliverContribution,
    options: { correlationid?: string; idempotencyKey?: string } = {},
  ) {
    const { correlationid, idempotencyKey } = options;
    const keyed = keyedRow<Delivery>({
      kind: 'contribution',
      caller: idempotencyCallerOf(principal),
      key: idempotencyKey,
      input,
      rowsOf: (p) => p.deliveries,
      rowId: (d) => d.contributionId,
      requestOf: ({ contributionId: _id, ...request }) => request,
    });
    return this.createKeyed(principal, id, keyed, (p, actor, contributionId) =>
      this.newDelivery(p, actor, input, contributionId, correlationid),
    );
  }

  private newDelivery(
    p: ProjectDocument,
    actor: Actor,
    input: DeliverContribution,
    contributionId: string,
    correlationid?: string,
  ): Change {
    const pledge = p.pledges.find((x) => x.pledgeId === input.pledgeId);
    if (!pledge) throw new ProjectRuleError(400, 'pledgeId', `no pledge ${input.pledgeId} in this project`);
    if (actor !== 'operator' && actor !== pledge.side) {
      throw new ProjectRuleError(403, 'pledgeId', `pledge ${pledge.pledgeId} is the ${pledge.side}'s; only it records its delivery`);
    }
    assertInsidePeriod(input.deliveredOn, p.terms.period, 'deliveredOn', 'the delivery date');
    assertDeliveryFits(pledge, p.deliveries, input.amount);
    const delivery = { contributionId, ...input };
    return {
      set: { deliveries: [...p.deliveries, delivery] },
      events: [
        events.contributionDelivered(
          {
            projectId: p._id,
            enterpriseId: p.enterpriseId,
            schoolId: p.schoolId,
            contributionId: delivery.contributionId,
            side: pledge.side,
            kind: pledge.kind,
            form: pledge.form,
            value: input.amount,
            occurredAt: this.now(),
          },
          correlationid,
        ),
      ],
    };
  }

  /**
   * A side records an outcome. With an Idempotency-Key the outcome id is derived from the project,
   * the caller and the key: a retry (also one racing the first request) finds the outcome and is
   * answered as the first time, stored and published once; the key with another outcome is a 422 (ADR 0083).
   */
  async recordOutcome(
    principal: Principal,
    id: string,
    input: RecordOutcome,
    options: { correlationid?: string; idempotencyKey?: string } = {},
  ) {
    const { correlationid, idempotencyKey } = options;
    const keyed = keyedRow<Outcome>({
      kind: 'outcome',
      caller: idempotencyCallerOf(principal),
      key: idempotencyKey,
      input,
      rowsOf: (p) => p.outcomes,
      rowId: (o) => o.outcomeId,
      requestOf: ({ outcomeId: _id, recordedAt: _at, ...request }) => request,
    });
    return this.createKeyed(principal, id, keyed, (p, _actor, outcomeId) => {
      const outcome = { outcomeId, ...input, recordedAt: this.now() } as Outcome;
      return {
        set: { outcomes: [...p.outcomes, outcome] },
        events: [
          events.outcomeRecorded(
            {
              projectId: p._id,
              enterpriseId: p.enterpriseId,
              schoolId: p.schoolId,
              outcomeId: outcome.outcomeId,
              kind: outcome.kind,
              title: outcome.title,
              occurredAt: outcome.recordedAt,
            },
            correlationid,
          ),
        ],
      };
    });
  }

  /**
   * A side's write that creates one row under an optional Idempotency-Key (a contribution, an
   * outcome, a milestone, a change request, a participant; ADR 0083): a retry is answered before any
   * rule, also on a closed project; otherwise `create` makes the row with its id (derived from the
   * key, or random). `sides` may act (both by default; the school alone adds participants).
   */
  private createKeyed<Row>(
    principal: Principal,
    id: string,
    keyed: KeyedRow<Row>,
    create: (p: ProjectDocument, actor: Actor, rowId: string) => Change | Promise<Change>,
    sides: Side[] = ['enterprise', 'school'],
  ) {
    return this.writer.mutate(
      principal,
      id,
      sides,
      (p, actor) => keyed.retry(p) ?? create(p, actor, keyed.idIn(p) ?? randomUUID()),
      keyed.isRetryOfStored,
    );
  }

  async close(principal: Principal, id: string, input: CloseProject, correlationid?: string) {
    return this.writer.mutate(principal, id, ['enterprise'], (p, actor) => {
      if (actor === 'school') throw new ProjectRuleError(403, 'actor', 'the enterprise closes a project');
      const closedAt = this.now();
      return {
        set: { status: 'closed', closure: { ...input, closedAt } },
        events: [
          events.projectClosed(
            {
              projectId: p._id,
              enterpriseId: p.enterpriseId,
              schoolId: p.schoolId,
              ledHire: p.ledToHire,
              outcomes: p.outcomes.length,
              occurredAt: closedAt,
            },
            correlationid,
          ),
        ],
      };
    });
  }

  /**
   * A placement of a participating student at the project's enterprise started, ended or was
   * hired: every such project records the link (and "led to a hire"). `eventKey` makes a redelivery a no-op.
   * Returns the projects the placement is linked to (also on a redelivery, so follow-up effects can complete).
   */
  async linkPlacement(
    placement: PlacementFacts,
    eventKey: string,
  ): Promise<Array<{ projectId: string; schoolId: string; enterpriseId: string }>> {
    const projects = await this.projects.withParticipant(placement.studentId, placement.enterpriseId);
    const linked: Array<{ projectId: string; schoolId: string; enterpriseId: string }> = [];
    for (const candidate of projects) {
      // A row withdrawn as entered in error names nobody of this project: it links nothing.
      const takesPart = (x: Participant) => x.kind === 'student' && x.personId === placement.studentId && !enteredInError(x);
      if (!candidate.participants.some(takesPart)) continue;
      // Another school's placement is not this project's, even if that school's student id was entered here.
      if (candidate.schoolId !== placement.schoolId) continue;
      let takesPartStill = false;
      await this.writer.applyWithRetry(candidate._id, eventKey, (p) => {
        // Asked again of the project as written: the student's erasure (another partition) may have
        // pseudonymised the row since the search, and a link would bring their id back for good.
        takesPartStill = p.participants.some(takesPart);
        if (!takesPartStill) return {};
        const link: PlacementLink = {
          placementId: placement.placementId,
          studentId: placement.studentId,
          status: placement.status,
          ledToHire: placement.status === 'hired',
          ...(placement.hire ? { hire: placement.hire } : {}),
          linkedAt: this.now(),
        };
        const others = p.placementLinks.filter((l) => l.placementId !== placement.placementId);
        const previous = p.placementLinks.find((l) => l.placementId === placement.placementId);
        // A hire is final: a late "completed" does not undo it.
        const merged = previous?.ledToHire ? { ...link, status: 'hired', ledToHire: true, hire: previous.hire ?? link.hire } : link;
        const placementLinks = [...others, merged];
        return {
          placementLinks,
          ledToHire: placementLinks.some((l) => l.ledToHire),
          participants: p.participants.map((x) => (takesPart(x) && !x.placementId ? { ...x, placementId: placement.placementId } : x)),
        };
      });
      if (takesPartStill) linked.push({ projectId: candidate._id, schoolId: candidate.schoolId, enterpriseId: candidate.enterpriseId });
    }
    return linked;
  }

  /**
   * The talent pipeline's answer to a placement proposal, kept on the participant's proposal. An
   * answer to an earlier proposal (one refused and proposed again since) changes nothing. A
   * refusal unlinks the placement id, which names no placement then. An answer to a sending that
   * went unanswered and was sent again (ADR 0070) is kept on that attempt (`lateAnswer`); a late
   * acceptance also answers the current proposal, which has the same placement id and terms: the
   * placement exists. `eventKey` makes a redelivery a no-op.
   */
  async recordPlacementDecision(answer: PlacementDecisionFacts, eventKey: string): Promise<void> {
    await this.writer.applyWithRetry(answer.projectId, eventKey, (p) => ({
      participants: p.participants.map((x) => {
        const proposal = x.participationId === answer.participationId ? x.placementProposal : undefined;
        if (!proposal || proposal.placementId !== answer.placementId) return x;
        const current = proposal.proposalEventId === undefined || proposal.proposalEventId === answer.proposalEventId;
        const attempt = current ? undefined : proposal.unansweredAttempts?.find((a) => a.proposalEventId === answer.proposalEventId);
        if (!current && !attempt) return x;
        const { reason, detail } = answer;
        const decision: PlacementDecision =
          answer.status === 'accepted'
            ? { status: 'accepted', decidedAt: answer.occurredAt }
            : { status: 'refused', reason, detail, decidedAt: answer.occurredAt };
        if (attempt) {
          const unansweredAttempts = proposal.unansweredAttempts!.map((a) => (a === attempt ? { ...a, lateAnswer: decision } : a));
          const adopted = answer.status === 'accepted' && proposal.decision?.status !== 'accepted';
          return {
            ...x,
            ...(adopted ? { placementId: x.placementId ?? answer.placementId } : {}),
            placementProposal: { ...proposal, unansweredAttempts, ...(adopted ? { decision } : {}) },
          };
        }
        const linked = p.placementLinks.some((l) => l.placementId === answer.placementId);
        const { placementId, ...unlinked } = x;
        const participant = answer.status === 'refused' && placementId === answer.placementId && !linked ? unlinked : x;
        return { ...participant, placementProposal: { ...proposal, decision } };
      }),
    }));
  }

  /**
   * The answer of the service owning a participant's person (ADR 0082), kept on the participation
   * (`check`): confirmed, or refused with why, shown to the school in every project answer. An
   * answer naming a participation the project does not have changes nothing; an older answer than
   * the one recorded changes nothing; `eventKey` makes a redelivery a no-op.
   */
  async recordParticipantCheck(answer: ParticipantCheckAnswer & { projectId: string; participationId: string }, eventKey: string) {
    await this.writer.applyWithRetry(answer.projectId, eventKey, (p) => ({
      participants: p.participants.map((x) =>
        x.participationId === answer.participationId ? { ...x, check: checkAfter(x.check, answer, x.joinedAt) } : x,
      ),
    }));
  }

  /** A teacher's secondment at the project's enterprise was approved or started: link participations that had none. */
  async linkSecondment(
    s: { secondmentId: string; teacherId: string; schoolId: string; enterpriseId: string },
    eventKey: string,
  ): Promise<void> {
    for (const candidate of await this.projects.withParticipant(s.teacherId, s.enterpriseId)) {
      // Only the teacher's school's projects link the secondment.
      if (candidate.schoolId !== s.schoolId) continue;
      await this.writer.applyWithRetry(candidate._id, eventKey, (p) => ({
        participants: p.participants.map((x) =>
          x.kind === 'teacher' && x.personId === s.teacherId && !x.secondmentId && !enteredInError(x)
            ? { ...x, secondmentId: s.secondmentId }
            : x,
        ),
      }));
    }
  }

  /**
   * Projects a person takes part in, for the cross-programme trail: their current row (one they
   * left when none is current); a project where every row naming them was entered in error is not theirs.
   */
  async participationsOf(personId: string) {
    const projects = await this.projects.withParticipant(personId);
    return projects.flatMap((p) => {
      const rows = p.participants.filter((x) => x.personId === personId && !enteredInError(x));
      const participant = rows.find(isActiveParticipation) ?? rows[0];
      return participant ? [{ project: p, participant }] : [];
    });
  }
}

/** A withdrawn participation is history: it takes no more placement proposals (hours: `assertTakesHoursOn`). */
function assertActive(participant: Participant): void {
  if (participant.withdrawal) {
    throw new ProjectRuleError(
      409,
      'participationId',
      `this participation was withdrawn (${participant.withdrawal.reason}) on ${participant.withdrawal.withdrawnAt}`,
    );
  }
}
