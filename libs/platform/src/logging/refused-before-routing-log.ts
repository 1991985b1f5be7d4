import { NextFunction, Request, Response } from 'express';
import { correlationIdOf } from './correlation-id';

type RequestLogger = { info(fields: object, message: string): void; debug(fields: object, message: string): void };

/** Set by the request logger (pino-http) on each request it handles. */
function seenByRequestLogger(request: Request): boolean {
  return (request as { log?: unknown }).log !== undefined;
}

/**
 * The request log's line for a request answered before the request logger saw it. That logger is
 * a module middleware, so the app-wide ones ahead of it can answer first: the rate limit (429),
 * the non-JSON refusal (415) and the body parser (413, malformed JSON). Without this line those
 * answers were in no log. Installed ahead of them all; the request logger marks each request it
 * handles with `req.log`, so a request is logged once.
 */
export function refusedBeforeRoutingLog(logger: () => RequestLogger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    // As the request logger would (it keeps an id already set): its lines show it as `req.id`.
    request.id = correlationIdOf(request, response);
    response.once('finish', () => {
      if (seenByRequestLogger(request)) return;
      // A client over its rate limit sends many: counted by the metrics, logged only at debug level,
      // so a flood does not fill the log too.
      const log = response.statusCode === 429 ? logger().debug.bind(logger()) : logger().info.bind(logger());
      log(
        {
          // The request logger's serializers shape these (and redact the credentials) as in its own lines.
          req: request,
          res: response,
          responseTime: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
          refusedBeforeRouting: true,
        },
        'request completed',
      );
    });
    next();
  };
}
