import { PeopleRead } from '../../access-log/domain/people-read';

const MAX_DEPTH = 8;

/**
 * The students and teachers a page of dead letters names, for the operator access log: every
 * `studentId` and `teacherId` field, at any depth, of each record's value read as JSON (an
 * event's CloudEvent envelope and its data). A value that is not JSON names no one; the entry
 * still records who read the page, why, and which topic.
 */
export function peopleInDeadLetters(answer: unknown): Partial<PeopleRead> {
  const people: PeopleRead = { studentIds: [], teacherIds: [] };
  const items = (answer as { items?: { value?: unknown }[] } | null)?.items ?? [];
  for (const item of items) {
    if (typeof item.value !== 'string') continue;
    try {
      collect(JSON.parse(item.value), people, 0);
    } catch {
      // Not JSON (a malformed record): nothing to name.
    }
  }
  return people;
}

function collect(node: unknown, people: PeopleRead, depth: number): void {
  if (depth > MAX_DEPTH || !node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const value of node) collect(value, people, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'studentId' && typeof value === 'string' && value) people.studentIds.push(value);
    else if (key === 'teacherId' && typeof value === 'string' && value) people.teacherIds.push(value);
    else collect(value, people, depth + 1);
  }
}
