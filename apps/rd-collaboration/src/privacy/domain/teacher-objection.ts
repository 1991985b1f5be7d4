import { PeopleView } from './person-rows';

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
 * A closed project is finished work: while its teacher objects, an enterprise no longer reads
 * the teacher's row. An active project keeps it (the collaboration cannot run without knowing
 * who works on it: the same compelling grounds as a live secondment, ADR 0077). A proposal
 * (`team`, no `participants`) is not a project and is not covered.
 */
function isClosedProject(view: PeopleView): boolean {
  return Array.isArray(view.participants) && view.status === 'closed';
}

/** The teachers of the closed projects among `views`: whose objection copies a response must read. */
export function teachersOfClosedProjects(views: PeopleView[]): string[] {
  const ids = views.filter(isClosedProject).flatMap((view) => view.participants!.filter((row) => row.kind === 'teacher'));
  return [...new Set(ids.map((row) => row.personId))];
}

/** In one view, the teachers whose rows an enterprise may not read because they object now. */
export function withheldByObjection(view: PeopleView, objecting: ReadonlySet<string>): Set<string> {
  if (!isClosedProject(view)) return new Set();
  return new Set(view.participants!.filter((row) => row.kind === 'teacher' && objecting.has(row.personId)).map((row) => row.personId));
}
