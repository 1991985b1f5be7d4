import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

/**
 * The request's correlation id: the caller's own when well formed, otherwise a new one. It is set
 * on the response, where a second call finds it again: the first middleware fixes it, and the
 * request logger that runs later logs the same id.
 */
export function correlationIdOf(request: IncomingMessage, response: ServerResponse): string {
  const fixed = response.getHeader(CORRELATION_HEADER);
  if (typeof fixed === 'string') return fixed;
  const given = request.headers[CORRELATION_HEADER];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  response.setHeader(CORRELATION_HEADER, id);
  return id;
}
