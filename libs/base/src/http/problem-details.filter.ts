import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { BodyParserError, bodyParserProblem, isBodyParserError } from './body-parser-errors';
import { ProblemException } from './problem.exception';

/**
 * Renders every HTTP error as RFC 9457 problem+json; 5xx details stay in the logs.
 * Kafka handlers share the global filters (hybrid app), and there the original error is
 * handed back untouched: Nest's default RPC filter would replace it with "Internal server
 * error", and the transport needs it to choose between retrying and dead-lettering.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    if (exception instanceof ProblemException) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: request.originalUrl });
  }

  private toProblem(exception: unknown): { status: number; type: string; title: string; [k: string]: unknown } {
    if (exception instanceof ProblemException) {
      return {
        ...exception.extensions,
        type: 'about:blank',
        status: exception.getStatus(),
        title: exception.title,
        ...(exception.detail ? { detail: exception.detail } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
      };
    }
    const parserError = bodyParserErrorOf(exception);
    if (parserError) return { type: 'about:blank', ...bodyParserProblem(parserError) };
    if (isMalformedPathError(exception)) {
      // The router could not decode a path parameter: no handler ran, so no parameter name is known.
      return {
        type: 'about:blank',
        status: 400,
        title: 'bad request',
        detail: 'the path holds a malformed percent-encoding',
        errors: [{ field: '(path)', message: 'not valid percent-encoding' }],
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: 'about:blank',
        status,
        title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
        // 5xx messages can carry internals (hosts, URIs); they stay in the logs.
        ...(detail && status < 500 ? { detail: Array.isArray(detail) ? detail.join('; ') : String(detail) } : {}),
      };
    }
    return { type: 'about:blank', status: 500, title: 'internal server error' };
  }
}

/**
 * The body parser's error, raw or as NestJS 12's Express adapter hands it over: wrapped in an
 * HttpException with the original as `cause` (the wrapper keeps only status and message, the
 * original names the limit and the kind of failure).
 */
function bodyParserErrorOf(exception: unknown): BodyParserError | undefined {
  if (isBodyParserError(exception)) return exception;
  if (exception instanceof HttpException && isBodyParserError(exception.cause)) return exception.cause;
  return undefined;
}

/** The router's URIError for a path parameter it cannot percent-decode (status 400), raw or wrapped by Nest's adapter. */
function isMalformedPathError(exception: unknown): boolean {
  const error = exception instanceof HttpException && exception.cause instanceof URIError ? exception.cause : exception;
  return error instanceof URIError && (error as URIError & { status?: number }).status === 400;
}
