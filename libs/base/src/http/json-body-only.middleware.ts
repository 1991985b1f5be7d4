import { NextFunction, Request, Response } from 'express';

/** The formats a PATCH takes, in the Accept-Patch header of its 415 (RFC 5789 §3.1). */
const PATCH_FORMATS = ['application/merge-patch+json', 'application/json'];

/**
 * Whether the request carries a body: bytes by Content-Length, or a chunked one (judged by its
 * Content-Type, none being no JSON type: a body the JSON parser would skip must not be ignored in
 * silence). An empty POST (a command without fields) is not refused.
 */
function hasBodyToJudge(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  return Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * 415 problem+json for a body in any other format than `types` (every route of ours reads JSON).
 * Without it a form-encoded body was parsed by the framework's default parser and accepted, and
 * a text or XML body reached validation as "no fields", which blamed the wrong thing. Runs before
 * the body is read, so a refused body costs no parsing.
 */
export function jsonBodyOnlyMiddleware(types: readonly string[]) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBodyToJudge(request) || request.is([...types])) return next();
    if (request.method === 'PATCH') response.setHeader('Accept-Patch', PATCH_FORMATS.join(', '));
    response
      .status(415)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        status: 415,
        title: 'unsupported media type',
        detail: `send the body as ${types.join(', ')} (Content-Type was ${request.headers['content-type'] ?? 'missing'})`,
        instance: request.originalUrl,
      });
  };
}
