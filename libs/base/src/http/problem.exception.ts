import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** The offending field's dotted path, e.g. `period.from` or `skills.2.label`; `(body)`/`(query)` for the whole (ADR 0086). */
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
    /** Response headers the answer carries, e.g. the current ETag of a 412. */
    readonly headers: Record<string, string> = {},
  ) {
    super({ title, detail, errors }, status);
  }
}
