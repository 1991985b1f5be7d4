import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { ProblemException } from './problem.exception';

/** Renders every HTTP error as RFC 9457 problem+json; 5xx details stay in the logs. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: request.originalUrl });
  }

  private toProblem(exception: unknown): { status: number; type: string; title: string; [k: string]: unknown } {
    if (exception instanceof ProblemException) {
      return {
        type: 'about:blank',
        status: exception.getStatus(),
        title: exception.title,
        ...(exception.detail ? { detail: exception.detail } : {}),
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...exception.extensions,
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
        ...(detail ? { detail: Array.isArray(detail) ? detail.join('; ') : String(detail) } : {}),
      };
    }
    return { type: 'about:blank', status: 500, title: 'internal server error' };
  }
}
