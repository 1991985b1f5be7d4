import { Request } from 'express';
import { PeopleRead } from './domain/people-read';

const NOTED = Symbol('operator-access:noted-people');

type NotingRequest = Request & { [NOTED]?: Partial<PeopleRead> };

/**
 * For a handler whose answer is not a JSON body the access log can search (CSV, a report
 * rendered by the handler): names the people it answers about. Call before returning; the
 * operator access log adds them to the entry. Harmless on requests that are not logged.
 */
export function notePeopleRead(request: Request, people: Partial<PeopleRead>): void {
  const noted = ((request as NotingRequest)[NOTED] ??= {});
  noted.studentIds = [...(noted.studentIds ?? []), ...(people.studentIds ?? [])];
  noted.teacherIds = [...(noted.teacherIds ?? []), ...(people.teacherIds ?? [])];
}

export function notedPeopleOf(request: Request): Partial<PeopleRead> {
  return (request as NotingRequest)[NOTED] ?? {};
}
