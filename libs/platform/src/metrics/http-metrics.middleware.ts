import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

const HTTP_DURATION = 'http_request_duration_seconds';

/** A 404 without a route is a path nothing serves; any other answer without one came before routing. */
function unroutedLabelOf(status: number): string {
  return status === 404 ? 'unmatched' : 'before-routing';
}

/**
 * HTTP rate, errors and latency by route: one histogram whose count is the rate and whose
 * `status` label gives the errors. The route is Express's matched pattern
 * (`/v1/placements/:id`), never the raw URL, so ids do not explode the label set. A request
 * answered before routing (415, 413, 429, malformed JSON) is `before-routing`; a 404 for a path no
 * route matches is `unmatched`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    // Nest may build the middleware more than once per application; the histogram is one.
    this.duration =
      (registry.getSingleMetric(HTTP_DURATION) as Histogram<'method' | 'route' | 'status'> | undefined) ??
      new Histogram({
        name: HTTP_DURATION,
        help: 'HTTP requests by method, matched route and status code.',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : unroutedLabelOf(response.statusCode);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.duration.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
    });
    next();
  }
}
