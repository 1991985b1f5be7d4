import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AddressInfo } from 'node:net';
import { z } from 'zod';
import { configureApp, withOperatorEndpoints } from '@app/platform';
import { loadConfig } from '@app/base';
import { KafkaEventTransport } from '@app/messaging';
import { OutboxRelay } from '@app/persistence';
import { waitFor } from './wait-for';

export interface InProcessService {
  app: NestExpressApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots a service in the test process with the same pipeline as main.ts (HTTP filters,
 * validation, Kafka transport), against the real local Kafka and Mongo-compatible server.
 */
export async function startInProcessService<S extends z.ZodType>(spec: {
  configSchema: S;
  rootModule: (config: z.infer<S>) => DynamicModule;
  env: Record<string, string>;
  waitForConsumer?: boolean;
}): Promise<InProcessService> {
  const config = loadConfig(spec.configSchema, { LOG_LEVEL: 'warn', ...spec.env });
  const app = await NestFactory.create<NestExpressApplication>(withOperatorEndpoints(spec.rootModule(config)), {
    bufferLogs: true,
    rawBody: true,
  });
  await configureApp(app, { title: 'test', description: 'test' });
  // Module init (topic provisioning, indexes) must finish before the consumer subscribes.
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const transport = app.get(KafkaEventTransport);
  if (spec.waitForConsumer !== false)
    await waitFor('the Kafka consumer to join its group', () => transport.isRunning(), { timeoutMs: 30_000 });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await transport.close();
      await app.get(OutboxRelay).stopAndFlush();
      await app.close();
    },
  };
}

/**
 * Waits for something the service learns from Kafka (a copy, a projection). Such waits get a
 * minute, since a loaded CI machine can delay a fresh consumer group, and a timeout names the
 * consumer's state (not consuming, retrying which record and why) so the cause is in the report.
 */
export async function waitForConsumed<T>(
  service: InProcessService,
  description: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
): Promise<T> {
  try {
    return await waitFor(description, probe, { timeoutMs: 60_000 });
  } catch (error) {
    const transport = service.app.get(KafkaEventTransport);
    const state = { health: transport.health(), deadLettered: transport.deadLetterCount(), recreations: transport.recreations() };
    throw new Error(`${(error as Error).message}; consumer: ${JSON.stringify(state)}`);
  }
}
