/**
 * What of a placement is the student's personal data when an enterprise reads it: who the
 * student is (id, programme, cohort), the names on the agreement signatures, what was said
 * and measured about them (evaluations, end-of-placement summary, an end scheduled by the ERP)
 * and the hire. The rest
 * (role, kind, dates, status, history, which parties signed) is the enterprise's own
 * operational record and stays readable after a withdrawal (docs/decisions/0039).
 */
export const PLACEMENT_PERSONAL_FIELDS = [
  'studentId',
  'programme',
  'cohort',
  'hire',
  'agreement.signatures.signedBy',
  'evaluations',
  'endOfPlacement',
  'scheduledEnd',
] as const;

interface PlacementLike {
  studentId?: string;
  programme?: string;
  cohort?: string;
  hire?: unknown;
  agreement: { signatures: { party: string; signedBy?: string; signedAt: string }[] } & Record<string, unknown>;
  evaluations?: unknown[];
  endOfPlacement?: unknown;
  scheduledEnd?: unknown;
}

/** The personal fields a view actually carries (for the disclosure ledger). */
export function personalFieldsIn(view: PlacementLike): string[] {
  const present: Record<(typeof PLACEMENT_PERSONAL_FIELDS)[number], boolean> = {
    studentId: view.studentId !== undefined,
    programme: view.programme !== undefined,
    cohort: view.cohort !== undefined,
    hire: view.hire !== undefined,
    'agreement.signatures.signedBy': view.agreement.signatures.length > 0,
    evaluations: (view.evaluations?.length ?? 0) > 0,
    endOfPlacement: view.endOfPlacement !== undefined,
    scheduledEnd: view.scheduledEnd !== undefined,
  };
  return PLACEMENT_PERSONAL_FIELDS.filter((field) => present[field]);
}

/** The view without the student's personal fields, saying what was left out and why. */
export function redactedPlacement<V extends PlacementLike>(view: V) {
  const { studentId: _s, programme: _p, cohort: _c, hire: _h, evaluations: _e, endOfPlacement: _o, scheduledEnd: _d, ...rest } = view;
  return {
    ...rest,
    agreement: { ...view.agreement, signatures: view.agreement.signatures.map(({ party, signedAt }) => ({ party, signedAt })) },
    redacted: { reason: 'consent not in force' as const, fields: [...PLACEMENT_PERSONAL_FIELDS] },
  };
}
