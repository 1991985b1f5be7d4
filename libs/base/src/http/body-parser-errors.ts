/**
 * Errors the body parser raises before a request reaches a controller (http-errors objects:
 * `expose` is true for client errors). Without this mapping they would be answered 500.
 */
export interface BodyParserError extends Error {
  status: number;
  expose: boolean;
  type?: string;
  limit?: number;
}

export function isBodyParserError(error: unknown): error is BodyParserError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<BodyParserError>;
  return candidate.expose === true && typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500;
}

/** The problem for a body-parser error: 413 names the limit, a parse failure says so, others keep their status. */
export function bodyParserProblem(error: BodyParserError): { status: number; title: string; detail: string; [k: string]: unknown } {
  switch (error.type) {
    case 'entity.too.large':
      return {
        status: 413,
        title: 'payload too large',
        detail: `the body exceeds the limit of ${error.limit} bytes`,
        limitBytes: error.limit,
      };
    case 'entity.parse.failed':
      return { status: 400, title: 'malformed JSON', detail: 'the body is not valid JSON' };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, title: 'unsupported media type', detail: error.message };
    default:
      return { status: error.status, title: 'invalid request body', detail: error.message };
  }
}
