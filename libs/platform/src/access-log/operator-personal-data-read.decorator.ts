import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACCESS_REASON_HEADER, OPERATOR_ID_HEADER } from './domain/operator-headers';
import { PeopleReadOptions } from './domain/people-read';
import { OperatorAccessInterceptor, PEOPLE_READ } from './operator-access.interceptor';

export interface OperatorPersonalDataReadOptions extends PeopleReadOptions {
  /**
   * The route also answers other roles (a school, an enterprise, a teacher): the headers are
   * required of the operator only, and their reads are not logged here.
   */
  sharedWithOtherRoles?: boolean;
}

/**
 * Marks a route that returns students' or teachers' personal data to the operator: the
 * operator's request needs `X-Access-Reason`, and `X-Operator-Id` unless its key names it (400
 * naming the header otherwise; the shared token is refused once operator keys exist, and so is an
 * operator key without the permission to read personal data, 403, ADR 0078) and every answer is
 * written to the operator access log first. The people are
 * the path parameter `studentParam` (default `studentId`) or `teacherParam` names, else
 * those `peopleIn` finds in the answer (default: its `studentId`s), plus any the handler
 * noted with `notePeopleRead`. The controller's module must import AccessLogModule.
 */
export function OperatorPersonalDataRead(options: OperatorPersonalDataReadOptions = {}) {
  const { sharedWithOtherRoles, ...people } = options;
  const when = sharedWithOtherRoles ? 'Required when the operator calls (other callers need not send it). ' : '';
  return applyDecorators(
    SetMetadata(PEOPLE_READ, people),
    UseInterceptors(OperatorAccessInterceptor),
    ApiHeader({
      name: OPERATOR_ID_HEADER,
      // Required with the shared token only: an operator key is its own identity (ADR 0073).
      required: false,
      description:
        `${when}Who reads, when calling with the shared operator token (required then; 1-200 visible ASCII characters); kept in ` +
        "the operator access log. With an operator key, the key's id is logged and this header may only repeat it (403 otherwise). " +
        'A key without the permission to read personal data (its entry ends with `:no-personal-data`) is refused (403, ADR 0078).',
    }),
    ApiHeader({
      name: ACCESS_REASON_HEADER,
      required: !sharedWithOtherRoles,
      description: `${when}Why the personal data is read (a ticket, the person’s request; up to 500 characters); kept in the operator access log.`,
    }),
  );
}

/** Whether a route handler carries `@OperatorPersonalDataRead()`. */
export const isOperatorPersonalDataRead = (handler: object): boolean => Reflect.getMetadata(PEOPLE_READ, handler) !== undefined;
