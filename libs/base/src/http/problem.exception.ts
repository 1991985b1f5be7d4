import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** JSON path of the offending field, e.g. `body.name` or `events[1].data.hireDate`. */
  field: string;
  message: string;
}

/** An RFC 9457 problem; the exception filter renders it as application/problem+json. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ title, detail, errors }, status);
  }
}
