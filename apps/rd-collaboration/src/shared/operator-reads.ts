import { PeopleRead } from '@app/platform';

/**
 * Where this service's answers name people, for the operator access log (ADR 0040): the
 * `{kind, personId}` rows of project and proposal views, the students of placement links,
 * the person of a disclosure ledger.
 */

type Row = Record<string, unknown> | null | undefined;

class People {
  private readonly students = new Set<string>();
  private readonly teachers = new Set<string>();

  add(kind: unknown, id: unknown): void {
    if (typeof id !== 'string' || !id) return;
    if (kind === 'student') this.students.add(id);
    else if (kind === 'teacher') this.teachers.add(id);
  }

  read(): PeopleRead {
    return { studentIds: [...this.students], teacherIds: [...this.teachers] };
  }
}

const rowsOf = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);

/** A project or proposal view: the answer itself, each of its `items`, or `items[].proposal` (a reviewer's assignments). */
function viewsIn(answer: unknown): Row[] {
  const items = rowsOf((answer as Row)?.items);
  return [answer as Row, ...items, ...items.map((item) => item?.proposal as Row)].filter(
    (view) => typeof view === 'object' && view !== null && (Array.isArray(view.participants) || Array.isArray(view.team)),
  );
}

/** The participants and team members of the project and proposal views an answer holds, and the students their placement links name. */
export function peopleInViews(answer: unknown): PeopleRead {
  const people = new People();
  for (const view of viewsIn(answer)) {
    for (const row of [...rowsOf(view?.participants), ...rowsOf(view?.team)]) people.add(row?.kind, row?.personId);
    for (const link of rowsOf(view?.placementLinks)) people.add('student', link?.studentId);
  }
  return people.read();
}

/** A closure report counts people; its `placements` name the students linked to the project. */
export function studentsInClosureReport(answer: unknown): PeopleRead {
  const people = new People();
  for (const link of rowsOf((answer as Row)?.placements)) people.add('student', link?.studentId);
  return people.read();
}

/** A disclosure ledger `{personId, items: [{personKind}]}`: the person, of the kind its entries say (an empty ledger names nobody). */
export function personOfLedger(answer: unknown): PeopleRead {
  const people = new People();
  const ledger = answer as Row;
  for (const entry of rowsOf(ledger?.items)) people.add(entry?.personKind, ledger?.personId);
  return people.read();
}
