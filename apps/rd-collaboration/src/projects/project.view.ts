import { ledgerSummary } from './domain/ledger';
import { CheckRule, checkAwaited, countsAsParticipant, participantCheckView } from './domain/participant-check';
import { enteredInError } from './domain/participant-withdrawal';
import { AnswerRule, placementProposalStatus } from './domain/placement-answer';
import { Participant, ProjectDocument } from './project.document';
import { ClosureReport, ProjectView } from './project-view.response';

/**
 * A participant with where its placement proposal stands now (awaiting, unanswered, answered),
 * and its owner's check (`unchecked` for participations added before checks existed, ADR 0082;
 * overdue or not only while somebody waits for it).
 */
function participantView(x: Participant, p: ProjectDocument, rule: AnswerRule, checkRule: CheckRule): ProjectView['participants'][number] {
  const { placementProposal, check, ...rest } = x;
  const awaited = checkAwaited(x, p);
  const checked = { ...rest, check: participantCheckView(check, checkRule, awaited) };
  return placementProposal
    ? { ...checked, placementProposal: { ...placementProposal, ...placementProposalStatus(placementProposal, rule, awaited) } }
    : checked;
}

/**
 * The project as every project answer carries it; its type is the documented schema's, so the two
 * cannot drift apart. `rule` says when a placement proposal still awaiting its answer is unanswered,
 * `checkRule` when a participant's pending check is overdue.
 */
export function projectView(p: ProjectDocument, rule: AnswerRule, checkRule: CheckRule): ProjectView {
  return {
    id: p._id,
    challengeId: p.challengeId,
    proposalId: p.proposalId,
    enterpriseId: p.enterpriseId,
    schoolId: p.schoolId,
    title: p.title,
    status: p.status,
    terms: p.terms,
    ledger: { pledges: p.pledges, deliveries: p.deliveries, summary: ledgerSummary(p.terms.budget, p.pledges, p.deliveries) },
    participants: p.participants.map((x) => participantView(x, p, rule, checkRule)),
    hours: p.hours,
    milestones: p.milestones,
    changeRequests: p.changeRequests,
    outcomes: p.outcomes,
    placementLinks: p.placementLinks,
    ledToHire: p.ledToHire,
    closure: p.closure ?? null,
    createdAt: p.createdAt,
    version: p.version,
  };
}

/**
 * The closure report: what the project set out to do, what it delivered, produced and led to.
 * An outcome lists the details of its kind (recording one requires them).
 */
export function closureReport(p: ProjectDocument): ClosureReport {
  const byKind = (kind: string) => p.outcomes.filter((o) => o.kind === kind);
  // People, not rows: a person withdrawn and added again (a leaver who came back, a withdrawal made
  // by mistake: re-adding is the way back, ADR 0082) has two rows and counts once.
  const headCount = (kind: Participant['kind']) =>
    new Set(p.participants.filter((x) => x.kind === kind && countsAsParticipant(x)).map((x) => x.personId)).size;
  // Hours of a row entered in error were un-credited by the secondment service; re-logged on the new row, they count there.
  const inError = new Set(p.participants.filter(enteredInError).map((x) => x.participationId));
  return {
    projectId: p._id,
    title: p.title,
    enterpriseId: p.enterpriseId,
    schoolId: p.schoolId,
    status: p.status,
    period: p.terms.period,
    closure: p.closure ?? null,
    ledger: ledgerSummary(p.terms.budget, p.pledges, p.deliveries),
    milestones: {
      total: p.milestones.length,
      accepted: p.milestones.filter((m) => m.status === 'accepted').length,
      open: p.milestones.flatMap(({ milestoneId, title, status }) => (status === 'accepted' ? [] : [{ milestoneId, title, status }])),
    },
    outcomes: {
      patents: byKind('patent').flatMap((o) => (o.patent ? [{ title: o.title, ...o.patent }] : [])),
      products: byKind('product').flatMap((o) => (o.product ? [{ title: o.title, ...o.product }] : [])),
      processImprovements: byKind('process-improvement').map((o) => ({
        title: o.title,
        ...o.measurement,
        change: o.measurement ? o.measurement.result - o.measurement.baseline : null,
      })),
      technologyTransfers: byKind('technology-transfer').flatMap((o) => (o.transfer ? [{ title: o.title, ...o.transfer }] : [])),
      publications: byKind('publication').flatMap((o) => (o.publication ? [{ title: o.title, ...o.publication }] : [])),
    },
    people: {
      // A participant the owning service refused (nobody, another school's person, erased) is not counted (ADR 0082),
      // nor one the school withdrew as entered in error; a refused one so withdrawn counts as corrected, not as refused.
      teachers: headCount('teacher'),
      students: headCount('student'),
      refused: p.participants.filter((x) => x.check?.status === 'refused' && !enteredInError(x)).length,
      enteredInError: p.participants.filter(enteredInError).length,
      teacherHours: p.hours.filter((h) => h.published && !inError.has(h.participationId)).reduce((sum, h) => sum + h.hours, 0),
    },
    placements: p.placementLinks,
    ledToHire: p.ledToHire,
  };
}
