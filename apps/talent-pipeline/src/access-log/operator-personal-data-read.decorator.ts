import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ACCESS_REASON_HEADER, OPERATOR_ID_HEADER } from './domain/operator-headers';
import { OperatorAccessInterceptor, STUDENT_PARAM } from './operator-access.interceptor';

/**
 * Marks an operator route that returns students' personal data: it needs `X-Operator-Id` and
 * `X-Access-Reason` (400 naming the header otherwise) and every answer is written to the
 * operator access log first. `studentParam` names the path parameter holding the student id
 * when it is not `studentId`; without one, the ids are read from the answer.
 * The controller's module must import AccessLogModule.
 */
export function OperatorPersonalDataRead(options: { studentParam?: string } = {}) {
  return applyDecorators(
    SetMetadata(STUDENT_PARAM, options.studentParam),
    UseInterceptors(OperatorAccessInterceptor),
    ApiHeader({
      name: OPERATOR_ID_HEADER,
      required: true,
      description: 'Who reads: the operator identity (1-200 visible ASCII characters); kept in the operator access log.',
    }),
    ApiHeader({
      name: ACCESS_REASON_HEADER,
      required: true,
      description: 'Why the personal data is read (a ticket, the person’s request; up to 500 characters); kept in the operator access log.',
    }),
  );
}
