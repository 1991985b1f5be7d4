/**
 * A person as the project and proposal views show them: `{kind, personId, name, role}` rows in
 * `participants` (projects) or `team` (proposals), and hours entries keyed by `personId`.
 * Name, role and the hours' activity are the personal fields; ids are pseudonymous keys that
 * every event already carries.
 */
export interface PersonRow {
  kind: 'teacher' | 'student';
  personId: string;
  name?: string;
  role?: string;
  [other: string]: unknown;
}

export interface HoursRow {
  personId: string;
  activity?: string;
  [other: string]: unknown;
}

/** A view that lists people of one school-enterprise pair (a project or a proposal). */
export interface PeopleView {
  id: string;
  enterpriseId: string;
  schoolId: string;
  participants?: PersonRow[];
  team?: PersonRow[];
  hours?: HoursRow[];
  [other: string]: unknown;
}

export const PERSON_FIELDS = ['name', 'role'] as const;

export function isPeopleView(value: unknown): value is PeopleView {
  const v = value as PeopleView | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.enterpriseId === 'string' &&
    typeof v.schoolId === 'string' &&
    (Array.isArray(v.participants) || Array.isArray(v.team))
  );
}

/** The views a response body holds: itself, `items[]`, or `items[].proposal` (a reviewer's assignments). */
export function peopleViewsIn(body: unknown): PeopleView[] {
  if (isPeopleView(body)) return [body];
  const items = (body as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    if (isPeopleView(item)) return [item];
    const nested = (item as { proposal?: unknown } | null)?.proposal;
    return isPeopleView(nested) ? [nested] : [];
  });
}

/** Removes, in place, the personal fields of everyone not `shown` (the row stays, marked `redacted`). */
export function redactView(view: PeopleView, shown: (personId: string) => boolean): void {
  const redactRow = (row: PersonRow): PersonRow => {
    if (shown(row.personId)) return row;
    const { name: _n, role: _r, ...rest } = row;
    return { ...rest, redacted: true };
  };
  if (view.participants) view.participants = view.participants.map(redactRow);
  if (view.team) view.team = view.team.map(redactRow);
  if (view.hours) {
    view.hours = view.hours.map((h) => {
      if (shown(h.personId)) return h;
      const { activity: _a, ...rest } = h;
      return { ...rest, redacted: true };
    });
  }
}

/** Everyone a view names, with their kind (hours rows take the kind of the person's row). */
export function peopleOf(view: PeopleView): Map<string, PersonRow['kind']> {
  return new Map([...(view.participants ?? []), ...(view.team ?? [])].map((row) => [row.personId, row.kind]));
}

/** The personal fields of one person a view shows (for the disclosure ledger). */
export function fieldsShown(view: PeopleView, personId: string): string[] {
  const fields: string[] = [...PERSON_FIELDS];
  if (view.hours?.some((h) => h.personId === personId)) fields.push('hours.activity');
  return fields;
}
