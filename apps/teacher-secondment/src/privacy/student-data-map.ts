/**
 * Every store of the secondment service and the fields in it that name a person (ADR 0041).
 * None of them is about a student: teachers (school staff), enterprise mentors and engineers,
 * partners; `posts`, `rule_sets`, `signing_keys` and the partner copies name no person at all.
 * An erasure request for a student is answered by checking each of these fields for
 * the student's id, read-only, and confirming `none-held` per store.
 */
export const PERSON_FIELDS_BY_STORE: ReadonlyArray<{ store: string; fields: string[]; holds: string }> = [
  { store: 'teachers', fields: ['_id'], holds: 'teachers (name, subject, hire date, practice, R&D hours)' },
  { store: 'secondments', fields: ['teacherId'], holds: 'teachers on secondment, enterprise mentors, practice logs, evaluations' },
  { store: 'credentials', fields: ['teacherId'], holds: 'double-qualified credentials of teachers' },
  { store: 'engagements', fields: ['engineerId'], holds: 'enterprise engineers teaching at schools (course, hours)' },
  { store: 'rd_hours', fields: ['teacherId'], holds: "teachers' R&D hours from rd.participation.hours-logged.v1" },
  {
    store: 'api_keys',
    fields: ['principal.teacherId'],
    holds: "API keys (hashes) of schools, enterprises, teachers and enterprise mentors (a mentor's name and email)",
  },
  { store: 'disclosures', fields: ['personId'], holds: "this service's disclosure ledger (teachers)" },
];
