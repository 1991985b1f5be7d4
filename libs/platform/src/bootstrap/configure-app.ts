import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { KafkaEventTransport } from '@app/messaging/kafka-event-transport';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { setupOpenApi } from '../http/openapi';
import { createValidationPipe } from '../http/validation.pipe';

export const CLOUDEVENTS_JSON_TYPES = ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'];

/**
 * Everything between "module compiled" and "listening", shared by main.ts and the
 * integration tests so both run the same HTTP pipeline and Kafka transport.
 */
export async function configureApp(app: NestExpressApplication, meta: { title: string; description: string }): Promise<void> {
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { type: CLOUDEVENTS_JSON_TYPES, limit: '5mb' });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app, meta.title, meta.description);

  const transport = app.get(KafkaEventTransport);
  const pino = await app.resolve(PinoLogger);
  transport.setRunInContext((correlationId, fn) => pino.runInContext(fn, { bindings: { correlationId } }));
  // Inherit the global filters: ProblemDetailsFilter hands RPC errors back unchanged.
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
}

export type { INestApplication };
