import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, Clock, FieldError, idempotencyKeyReused, keyedDocument, ProblemException } from '@app/base';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { idempotencyCallerOf, Principal } from '../access/principal';
import { ChallengesService } from '../challenges/challenges.service';
import { PrivacyService } from '../privacy/privacy.service';
import {
  assertStageTransition,
  IllegalStageTransitionError,
  OTHER_SELECTED,
  proposalFinishedAt,
  ProjectOfProposal,
  ProposalStage,
  REVIEW_CLOSED_STAGES,
  selectionHold,
  selectionLapsesAt,
  unmadeClaimsUpTo,
} from './domain/proposal-stages';
import { rankProposals } from './domain/ranking';
import { ProposalDocument } from './proposal.document';
import { AssignReviewer, ChangeStage, ReviewInput, SubmitProposal } from './proposal.schemas';
import {
  AnyProposalView,
  ProposalView,
  Ranking,
  ReviewerAssignments,
  ReviewerProposalView,
  SchoolProposalView,
} from './proposal-view.response';
import { proposalView, proposalViewForReviewer, proposalViewForSchool } from './proposal.view';
import { ProposalsRepository } from './proposals.repository';

/** Of these proposals, the ones a project was made from, with its closure instant once closed (registered by the projects feature). */
export type ProjectsOfProposals = (proposalIds: string[]) => Promise<Map<string, ProjectOfProposal>>;

@Injectable()
export class ProposalsService implements OnModuleInit {
  private projectsOf: ProjectsOfProposals = async () => new Map();

  constructor(
    private readonly proposals: ProposalsRepository,
    private readonly challenges: ChallengesService,
    private readonly privacy: PrivacyService,
    @Inject(APP_CONFIG) private readonly config: RdCollaborationConfig,
    private readonly clock: Clock,
  ) {}

  /** A student named in a proposal team: erased by keeping the member under a pseudonym, without name or role (ADR 0041). */
  onModuleInit(): void {
    this.privacy.registerStudentData('proposals', {
      survey: async (studentId) => {
        const proposals = await this.proposals.withTeamMember(studentId);
        const records = proposals.length;
        // replaceTeam also removes a keyed request's fingerprint, a hash over the team as submitted (ADR 0083).
        const fingerprints = proposals.filter((p) => p.idempotency?.fingerprint !== undefined).length;
        return [
          { store: 'proposals.team', action: records > 0 ? 'pseudonymised' : 'none-held', fields: ['personId', 'name', 'role'], records },
          ...(fingerprints > 0
            ? [{ store: 'proposals.idempotency', action: 'erased' as const, fields: ['fingerprint'], records: fingerprints }]
            : []),
        ];
      },
      erase: async (studentId, pseudonym) => {
        for (const proposal of await this.proposals.withTeamMember(studentId)) {
          const team = proposal.team.map((m) =>
            m.personId === studentId ? { kind: m.kind, personId: pseudonym, name: '', role: '', erased: true as const } : m,
          );
          await this.proposals.replaceTeam(proposal._id, team);
        }
      },
    });
  }

  /**
   * The projects feature tells which selected proposals became a project, and when it closed: a
   * selected proposal is finished then, or when it lapses without one (ADR 0077). Registered, not
   * imported: projects depends on proposals.
   */
  registerProjectsOfProposals(lookup: ProjectsOfProposals): void {
    this.projectsOf = lookup;
  }

  /** When each of these proposals was finished (null while live): one read of the projects of the selected ones. */
  private async finishedAtOf(proposals: ProposalDocument[]): Promise<Map<string, string | null>> {
    const selected = proposals.filter((p) => p.stage === 'selected').map((p) => p._id);
    const projects = selected.length > 0 ? await this.projectsOf(selected) : new Map<string, ProjectOfProposal>();
    const rule = { now: this.clock.now(), selectedProposalDays: this.config.RD_SELECTED_PROPOSAL_DAYS };
    return new Map(proposals.map((p) => [p._id, proposalFinishedAt(p, projects.get(p._id), rule)]));
  }

  private async finishedAt(proposal: ProposalDocument): Promise<string | null> {
    return (await this.finishedAtOf([proposal])).get(proposal._id)!;
  }

  /**
   * Submits a proposal. With an Idempotency-Key its id is derived from the caller and the key, so
   * a retry (also one racing the first request) answers the proposal stored first and stores
   * nothing more; the key with another request (another body, or another challenge) is a 422 (ADR 0083).
   */
  async submit(principal: Principal, challengeId: string, input: SubmitProposal, idempotencyKey?: string): Promise<SchoolProposalView> {
    const keyed = keyedDocument('proposal', idempotencyCallerOf(principal), idempotencyKey, { challengeId, input });
    // A retry is answered as the first time, before the rules: the deadline may have passed since.
    if (keyed) {
      const stored = await this.proposals.findById(keyed.id);
      if (stored) return this.replayOf(stored, keyed.idempotency.fingerprint, challengeId);
    }
    const schoolId = principal.role === 'school' ? principal.schoolId : input.schoolId;
    if (!schoolId)
      throw new ProblemException(400, 'invalid request', 'schoolId is required', [
        { field: 'schoolId', message: 'required for operators' },
      ]);
    const challenge = await this.challenges.readable({ role: 'school', schoolId }, challengeId);
    const errors: FieldError[] = [];
    if (input.budget.currency !== challenge.budgetRange.currency) {
      errors.push({ field: 'budget.currency', message: `must be ${challenge.budgetRange.currency}, the challenge's currency` });
    }
    if (errors.length) throw new ProblemException(400, 'invalid request', 'the proposal cannot be submitted', errors);
    if (new Date().toISOString().slice(0, 10) > challenge.deadline) {
      throw new ProblemException(422, 'deadline passed', `the challenge closed for proposals on ${challenge.deadline}`);
    }
    const { schoolId: _ignored, ...fields } = input;
    const now = new Date();
    const proposal: ProposalDocument = {
      _id: keyed?.id ?? randomUUID(),
      challengeId,
      enterpriseId: challenge.enterpriseId,
      schoolId,
      ...fields,
      stage: 'submitted',
      history: [{ stage: 'submitted', at: now }],
      reviewerIds: [],
      reviews: {},
      submittedAt: now,
      ...(keyed ? { idempotency: keyed.idempotency } : {}),
    };
    if (!(await this.proposals.insert(proposal))) {
      const stored = keyed ? await this.proposals.findById(proposal._id) : null;
      if (!stored) throw new Error(`proposal ${proposal._id} exists but cannot be read`);
      return this.replayOf(stored, keyed!.idempotency.fingerprint, challengeId);
    }
    return proposalViewForSchool(proposal, null);
  }

  /**
   * The answer to a retry with an Idempotency-Key: the stored proposal as the submitter sees it, if
   * the request was the same. A team member's erasure removed the fingerprint (a hash over their
   * name); the key and the challenge then name the proposal.
   */
  private async replayOf(stored: ProposalDocument, fingerprint: string, challengeId: string): Promise<SchoolProposalView> {
    const storedFingerprint = stored.idempotency?.fingerprint;
    const sameRequest = storedFingerprint === undefined ? stored.challengeId === challengeId : storedFingerprint === fingerprint;
    if (!sameRequest) throw idempotencyKeyReused('proposal');
    return proposalViewForSchool(stored, await this.finishedAt(stored));
  }

  /** The owner sees every proposal of its challenge; a school only its own. */
  async listForChallenge(principal: Principal, challengeId: string): Promise<Array<ProposalView | SchoolProposalView>> {
    if (principal.role === 'school') {
      await this.challenges.readable(principal, challengeId);
      const own = await this.proposals.ofChallenge(challengeId, principal.schoolId);
      const finished = await this.finishedAtOf(own);
      return own.map((p) => proposalViewForSchool(p, finished.get(p._id)!));
    }
    await this.challenges.owned(principal, challengeId);
    const all = await this.proposals.ofChallenge(challengeId);
    const finished = await this.finishedAtOf(all);
    return all.map((p) => proposalView(p, finished.get(p._id)!));
  }

  async get(principal: Principal, id: string): Promise<AnyProposalView> {
    const proposal = await this.proposals.findById(id);
    if (proposal) {
      if (principal.role === 'operator' || (principal.role === 'enterprise' && principal.enterpriseId === proposal.enterpriseId)) {
        return proposalView(proposal, await this.finishedAt(proposal));
      }
      if (principal.role === 'school' && principal.schoolId === proposal.schoolId) {
        return proposalViewForSchool(proposal, await this.finishedAt(proposal));
      }
      if (principal.role === 'reviewer' && proposal.reviewerIds.includes(principal.reviewerId)) {
        return proposalViewForReviewer(proposal, principal.reviewerId, await this.finishedAt(proposal));
      }
    }
    throw notFound(id);
  }

  async assignReviewer(principal: Principal, id: string, input: AssignReviewer): Promise<ProposalView> {
    const proposal = await this.ownedProposal(principal, id);
    await this.proposals.addReviewer(proposal._id, input.reviewerId);
    return this.fullView(id);
  }

  /** A reviewer's assignments, each with the rubric to score against. */
  async assignments(principal: Principal): Promise<ReviewerAssignments['items']> {
    if (principal.role !== 'reviewer') return [];
    const assigned = await this.proposals.assignedTo(principal.reviewerId);
    const finished = await this.finishedAtOf(assigned);
    return Promise.all(
      assigned.map(async (p) => {
        const challenge = await this.challenges.findById(p.challengeId);
        return {
          proposal: proposalViewForReviewer(p, principal.reviewerId, finished.get(p._id)!),
          challenge: { id: p.challengeId, title: challenge?.title, rubric: challenge?.rubric ?? [] },
        };
      }),
    );
  }

  async review(principal: Principal, id: string, input: ReviewInput): Promise<ReviewerProposalView> {
    const proposal = await this.proposals.findById(id);
    if (!proposal || principal.role !== 'reviewer' || !proposal.reviewerIds.includes(principal.reviewerId)) throw notFound(id);
    const reviewClosed = (stage: ProposalStage) => new ProblemException(409, 'review closed', `the proposal is ${stage}`);
    if (REVIEW_CLOSED_STAGES.includes(proposal.stage)) throw reviewClosed(proposal.stage);
    const challenge = (await this.challenges.findById(proposal.challengeId))!;
    const wanted = new Set(challenge.rubric.map((c) => c.criterionId));
    const given = input.scores.map((s) => s.criterionId);
    const errors: FieldError[] = [
      ...given.filter((c) => !wanted.has(c)).map((c) => ({ field: 'scores', message: `unknown criterion ${c}` })),
      ...[...wanted].filter((c) => !given.includes(c)).map((c) => ({ field: 'scores', message: `missing a score for criterion ${c}` })),
      ...(new Set(given).size !== given.length ? [{ field: 'scores', message: 'one score per criterion' }] : []),
    ];
    if (errors.length) throw new ProblemException(400, 'invalid request', 'scores must cover the rubric exactly', errors);
    const saved = await this.proposals.saveReview(id, {
      reviewerId: principal.reviewerId,
      scores: Object.fromEntries(input.scores.map((s) => [s.criterionId, s.score])),
      comment: input.comment,
      at: new Date(),
    });
    const reviewed = (await this.proposals.findById(id))!;
    if (!saved) {
      // Selected or declined since it was read above: the decision stands on the reviews it was made with.
      if (REVIEW_CLOSED_STAGES.includes(reviewed.stage)) throw reviewClosed(reviewed.stage);
      // Or the reviewer was taken off the proposal meanwhile: not theirs to review any more.
      throw notFound(id);
    }
    return proposalViewForReviewer(reviewed, principal.reviewerId, await this.finishedAt(reviewed));
  }

  /**
   * A move to selected is refused while another selection of the challenge holds it: one not
   * lapsed, or one a project request claimed less than PROJECT_CLAIM_GRACE_MS ago. Lapsed ones are
   * released here, each by a conditional write that a project request's claim beats (ADR 0085); so
   * is a lapsed one whose claim is older than the grace and made no project (ADR 0085, addendum).
   * The unique `selectedForChallenge` then lets only one of two racing selections win.
   */
  async changeStage(principal: Principal, id: string, input: ChangeStage): Promise<ProposalView> {
    const proposal = await this.ownedProposal(principal, id);
    const holders = input.to === 'selected' ? await this.selectionsOf(proposal.challengeId) : { holding: [], released: [] };
    const illegal = (error: IllegalStageTransitionError) =>
      new ProblemException(409, 'illegal stage transition', error.message, [{ field: 'to', message: error.message }]);
    try {
      assertStageTransition(proposal.stage, input.to, holders.holding.length > 0);
    } catch (error) {
      if (error instanceof IllegalStageTransitionError) throw illegal(error);
      throw error;
    }
    for (const { holder, release } of holders.released) {
      if (await release()) continue;
      // Released by another selection meanwhile (fine), or claimed (again) by a project request: it holds the challenge.
      const current = await this.proposals.findById(holder._id);
      if (current?.stage === 'selected' && !current.selectionReleasedAt) throw illegal(new IllegalStageTransitionError(OTHER_SELECTED));
    }
    const moved = await this.proposals.moveStage(proposal, proposal.stage, input.to, this.clock.now(), input.reason);
    if (moved === 'changed-meanwhile') {
      throw new ProblemException(409, 'concurrent change', 'the proposal changed meanwhile; read it and retry');
    }
    // Another proposal of the challenge was selected between the read above and this write.
    if (moved === 'other-selected') throw illegal(new IllegalStageTransitionError(OTHER_SELECTED));
    return this.fullView(id);
  }

  /**
   * The selected proposals of a challenge not yet released, split into those holding it and those
   * a move to selected releases, each with its release (ADR 0085, `selectionHold`). A lapsed
   * selection a project request claimed still holds it while the claim is younger than
   * PROJECT_CLAIM_GRACE_MS: its project may be under way. An older claim with no project is
   * released by a write that matches the claim's instant, so a fresh claim made since keeps it.
   * Now is taken before the projects are read: a request that claimed up to `unmadeClaimsUpTo(now)`
   * and stored its project within the grace has stored it before that read, and the read sees it.
   */
  private async selectionsOf(
    challengeId: string,
  ): Promise<{ holding: ProposalDocument[]; released: Array<{ holder: ProposalDocument; release: () => Promise<boolean> }> }> {
    const selected = await this.proposals.selectedOf(challengeId);
    const now = this.clock.now();
    const projects = selected.length > 0 ? await this.projectsOf(selected.map((p) => p._id)) : new Map<string, ProjectOfProposal>();
    const holding: ProposalDocument[] = [];
    const released: Array<{ holder: ProposalDocument; release: () => Promise<boolean> }> = [];
    for (const holder of selected) {
      const hold = selectionHold(holder, projects.get(holder._id), now, this.config.RD_SELECTED_PROPOSAL_DAYS);
      if (hold === 'holding') holding.push(holder);
      else if (hold === 'lapsed') released.push({ holder, release: () => this.proposals.releaseSelection(holder._id, this.clock.now()) });
      else {
        const claimedUpTo = unmadeClaimsUpTo(now);
        released.push({ holder, release: () => this.proposals.releaseUnmadeClaim(holder._id, claimedUpTo, this.clock.now()) });
      }
    }
    return { holding, released };
  }

  async ranking(principal: Principal, challengeId: string): Promise<Ranking> {
    const challenge = await this.challenges.owned(principal, challengeId);
    const proposals = await this.proposals.ofChallenge(challengeId);
    const ranked = rankProposals(
      challenge.rubric,
      proposals.map((p) => ({
        proposalId: p._id,
        submittedAt: p.submittedAt.toISOString(),
        reviews: Object.values(p.reviews ?? {}).map((r) => r.scores),
      })),
    );
    const byId = new Map(proposals.map((p) => [p._id, p]));
    return {
      challengeId,
      rubric: challenge.rubric,
      method: 'total = sum over criteria of (mean reviewer score 0..10) x weight / sum of weights; ties go to the earlier submission',
      items: ranked.map((r) => ({
        ...r,
        title: byId.get(r.proposalId)!.title,
        schoolId: byId.get(r.proposalId)!.schoolId,
        stage: byId.get(r.proposalId)!.stage,
      })),
    };
  }

  /**
   * For the projects feature: a selected proposal of the caller's challenge that may still become
   * a project. Once its selection lapsed (RD_SELECTED_PROPOSAL_DAYS, ADR 0077) it is finished work
   * and its team is no longer shown as live, so no project is made from it: the enterprise selects
   * another proposal of the challenge (ADR 0085), runs a new call for proposals, or the school
   * submits again.
   */
  async selectedProposal(principal: Principal, id: string): Promise<ProposalDocument> {
    const proposal = await this.ownedProposal(principal, id);
    if (proposal.stage !== 'selected') {
      throw new ProblemException(409, 'proposal not selected', `only a selected proposal becomes a project; this one is ${proposal.stage}`);
    }
    if (proposal.selectionReleasedAt) throw selectionReleased(proposal.selectionReleasedAt);
    const days = this.config.RD_SELECTED_PROPOSAL_DAYS;
    const lapsesAt = selectionLapsesAt(proposal, (await this.projectsOf([proposal._id])).get(proposal._id), days);
    if (lapsesAt && lapsesAt <= this.clock.now()) {
      const detail = `the proposal was selected more than ${days} days ago (RD_SELECTED_PROPOSAL_DAYS) without becoming a project; its selection lapsed at ${lapsesAt.toISOString()}`;
      throw new ProblemException(409, 'selection lapsed', detail, [{ field: 'proposalId', message: detail }]);
    }
    return proposal;
  }

  /**
   * For the projects feature, just before it stores the project made from this selected proposal:
   * claims the selection, so a selection of another proposal can no longer release it (ADR 0085).
   * Refused when such a selection released it since `selectedProposal` read it.
   */
  async claimForProject(proposal: ProposalDocument): Promise<void> {
    if (await this.proposals.claimForProject(proposal._id, this.clock.now())) return;
    const current = await this.proposals.findById(proposal._id);
    throw selectionReleased(current?.selectionReleasedAt ?? this.clock.now());
  }

  private async fullView(id: string): Promise<ProposalView> {
    const proposal = (await this.proposals.findById(id))!;
    return proposalView(proposal, await this.finishedAt(proposal));
  }

  private async ownedProposal(principal: Principal, id: string): Promise<ProposalDocument> {
    const proposal = await this.proposals.findById(id);
    if (
      proposal &&
      (principal.role === 'operator' || (principal.role === 'enterprise' && principal.enterpriseId === proposal.enterpriseId))
    ) {
      return proposal;
    }
    throw notFound(id);
  }
}

function selectionReleased(at: Date): ProblemException {
  const detail = `the selection lapsed without becoming a project, and another proposal of the challenge was selected at ${at.toISOString()} (ADR 0085)`;
  return new ProblemException(409, 'selection lapsed', detail, [{ field: 'proposalId', message: detail }]);
}

function notFound(id: string): ProblemException {
  return new ProblemException(404, 'proposal not found', `no proposal ${id} visible to you`);
}
