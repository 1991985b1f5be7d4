import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { KafkaEventTransport } from '@app/messaging';
import {
  APP_CONFIG,
  BaseConfig,
  DEFAULT_HTTP_BODY_LIMIT_BYTES,
  ProblemDetailsFilter,
  FixedWindowRateLimiter,
  setupOpenApi,
  rateLimitMiddleware,
  jsonBodyOnlyMiddleware,
  createValidationPipe,
} from '@app/base';
import { TraceRouteGuard } from '../tracing/trace-route.guard';
import { refusedBeforeRoutingLog } from '../logging/refused-before-routing-log';
import { HttpMetricsMiddleware } from '../metrics/http-metrics.middleware';

/** Bodies parsed as JSON: plain, CloudEvents (ERP ingest) and JSON merge patches (RFC 7396, a PATCH of a profile). */
const JSON_BODY_TYPES = [
  'application/json',
  'application/cloudevents+json',
  'application/cloudevents-batch+json',
  'application/merge-patch+json',
];

/**
 * Everything between "module compiled" and "listening", shared by main.ts and the
 * integration tests so both run the same HTTP pipeline and Kafka transport.
 */
export async function configureApp(app: NestExpressApplication, meta: { title: string; description: string }): Promise<void> {
  app.useLogger(app.get(Logger));
  const pino = await app.resolve(PinoLogger);
  installRequestObservation(app, () => pino.logger);
  installRateLimit(app);
  // Every route reads JSON: any other body gets 415 before a parser (the framework's form parser included) reads it.
  app.use(jsonBodyOnlyMiddleware(JSON_BODY_TYPES));
  // Larger bodies get 413 (ProblemDetailsFilter): what is accepted must fit in a Kafka record.
  app.useBodyParser('json', { type: JSON_BODY_TYPES, limit: bodyLimitOf(app) });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(new TraceRouteGuard());
  setupOpenApi(app, meta.title, meta.description);

  const transport = app.get(KafkaEventTransport);
  transport.setRunInContext((correlationId, fn) => pino.runInContext(fn, { bindings: { correlationId } }));
  // Inherit the global filters: ProblemDetailsFilter hands RPC errors back unchanged.
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
}

/** The platform config, or undefined when a module tree provides none (defaults apply then). */
function configOf(app: NestExpressApplication): Partial<BaseConfig> | undefined {
  try {
    return app.get<BaseConfig>(APP_CONFIG, { strict: false });
  } catch {
    return undefined;
  }
}

function bodyLimitOf(app: NestExpressApplication): number {
  return configOf(app)?.HTTP_BODY_LIMIT_BYTES ?? DEFAULT_HTTP_BODY_LIMIT_BYTES;
}

/**
 * First of all middleware, so the requests the app-wide middleware below answers before routing
 * (429, 415, 413, malformed JSON) are counted and logged like every other.
 */
function installRequestObservation(app: NestExpressApplication, logger: Parameters<typeof refusedBeforeRoutingLog>[0]): void {
  app.use(refusedBeforeRoutingLog(logger));
  const metrics = httpMetricsOf(app);
  if (metrics) app.use(metrics.use.bind(metrics));
}

/** The HTTP metrics middleware, or undefined when a module tree has no MetricsModule. */
function httpMetricsOf(app: NestExpressApplication): HttpMetricsMiddleware | undefined {
  try {
    return app.get(HttpMetricsMiddleware, { strict: false });
  } catch {
    return undefined;
  }
}

/** Before the body parser, so a client over its allowance costs no parsing. */
function installRateLimit(app: NestExpressApplication): void {
  const config = configOf(app);
  if (!config?.RATE_LIMIT_REQUESTS) return;
  app.use(rateLimitMiddleware(new FixedWindowRateLimiter(config.RATE_LIMIT_REQUESTS, config.RATE_LIMIT_WINDOW_MS ?? 60_000)));
}

export type { INestApplication };
