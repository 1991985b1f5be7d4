import { PeopleView, PersonRow } from './person-rows';

/**
 * A teacher's objection to host enterprises reading their finished work (ADR 0077), as the
 * secondment service publishes it on secondment.teacher-privacy.v1: the state after each
 * filing or withdrawal, keyed by the teacher.
 */

/**
 * The order of a teacher's objection changes: `changedAt` as an instant (epoch ms), so
 * `…08:00:00Z` and `…08:00:00.000Z` are one and the same change and a later one always sorts
 * after it, whatever the precision of either timestamp.
 */
export function objectionChangeOrder(changedAt: string): number {
  return Date.parse(changedAt);
}

/**
 * Whether a piece of work (a project, a proposal) is finished, and since when. Live work keeps
 * its teachers' rows whole: the enterprise cannot run a collaboration, or decide on a bid,
 * without knowing who works on it (the compelling grounds of ADR 0077).
 */
export type Work = { finished: false } | { finished: true; finishedAt?: string };

/** How long an enterprise still reads a teacher's row in finished work (RD_HOST_VIEW_DAYS), and today's date (YYYY-MM-DD, UTC). */
export interface HostViewRule {
  today: string;
  viewDays: number;
}

/** A project is finished once closed, at its closure. */
export function projectWork(project: { status?: unknown; closure?: { closedAt?: string } | null }): Work {
  return project.status === 'closed'
    ? { finished: true, ...(project.closure?.closedAt ? { finishedAt: project.closure.closedAt } : {}) }
    : { finished: false };
}

/** A proposal answer says when it was finished (`finishedAt`, null while live: see proposalFinishedAt). */
function proposalWork(view: PeopleView): Work {
  return typeof view.finishedAt === 'string' ? { finished: true, finishedAt: view.finishedAt } : { finished: false };
}

/** The work a project view (`participants`) or a proposal view (`team`) shows. */
export function workOf(view: PeopleView): Work {
  return Array.isArray(view.participants)
    ? projectWork(view as PeopleView & { closure?: { closedAt?: string } | null })
    : proposalWork(view);
}

/**
 * The one rule (ADR 0077): an enterprise (and the reviewers it names) is answered without a
 * teacher's row in finished work while the teacher objects, and once the work finished more
 * than `viewDays` days before `today`, objection or not. Live work is never withheld.
 */
export function teacherWithheld(work: Work, objecting: boolean, { today, viewDays }: HostViewRule): boolean {
  if (!work.finished) return false;
  return objecting || (work.finishedAt !== undefined && daysBetween(work.finishedAt.slice(0, 10), today) > viewDays);
}

const teacherRowsOf = (view: PeopleView): PersonRow[] =>
  [...(view.participants ?? []), ...(view.team ?? [])].filter((row) => row.kind === 'teacher');

/** The teachers of the finished work among `views`: whose objection copies a response must read. */
export function teachersOfFinishedWork(views: PeopleView[]): string[] {
  const ids = views.filter((view) => workOf(view).finished).flatMap((view) => teacherRowsOf(view).map((row) => row.personId));
  return [...new Set(ids)];
}

/** In one view, the teachers whose rows an enterprise may not read: objecting now, or the view of the finished work ended. */
export function withheldTeachers(view: PeopleView, objecting: ReadonlySet<string>, rule: HostViewRule): Set<string> {
  const work = workOf(view);
  if (!work.finished) return new Set();
  return new Set(
    teacherRowsOf(view)
      .filter((row) => teacherWithheld(work, objecting.has(row.personId), rule))
      .map((row) => row.personId),
  );
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
