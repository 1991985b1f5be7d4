/** The people whose personal data one answer carried, by kind. */
export interface PeopleRead {
  studentIds: string[];
  teacherIds: string[];
}

/** Where an operator route finds the people it answered about. */
export interface PeopleReadOptions {
  /** The path parameter holding the student id (default `studentId`). */
  studentParam?: string;
  /** The path parameter holding the teacher id (none by default). */
  teacherParam?: string;
  /**
   * The people in the answer, when no path parameter names one. Default: the `studentId` of
   * the answer or of each of its `items`.
   */
  peopleIn?: (answer: unknown) => Partial<PeopleRead>;
}

/**
 * The people an operator route answered with: the person its path parameter names, else the
 * people found in the answer; plus those the handler noted itself (an answer that is not a
 * JSON body, e.g. CSV, cannot be searched).
 */
export function peopleRead(
  params: Record<string, string | undefined>,
  answer: unknown,
  options: PeopleReadOptions = {},
  noted: Partial<PeopleRead> = {},
): PeopleRead {
  const student = params[options.studentParam ?? 'studentId'];
  const teacher = options.teacherParam ? params[options.teacherParam] : undefined;
  const found: Partial<PeopleRead> =
    student || teacher
      ? { studentIds: student ? [student] : [], teacherIds: teacher ? [teacher] : [] }
      : (options.peopleIn ?? studentsIn)(answer);
  return {
    studentIds: distinct([...(found.studentIds ?? []), ...(noted.studentIds ?? [])]),
    teacherIds: distinct([...(found.teacherIds ?? []), ...(noted.teacherIds ?? [])]),
  };
}

/** The distinct non-empty string values of `field` on the answer and on each of its `items`, in order. */
export function idsIn(answer: unknown, field: string): string[] {
  const ids: string[] = [];
  const take = (value: unknown) => {
    const id = (value as Record<string, unknown> | null)?.[field];
    if (typeof id === 'string' && id) ids.push(id);
  };
  take(answer);
  const items = (answer as { items?: unknown } | null)?.items;
  if (Array.isArray(items)) items.forEach(take);
  return distinct(ids);
}

function studentsIn(answer: unknown): Partial<PeopleRead> {
  return { studentIds: idsIn(answer, 'studentId') };
}

function distinct(ids: string[]): string[] {
  return [...new Set(ids)];
}
