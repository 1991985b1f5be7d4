import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from '@app/base';
import { configureApp } from './configure-app';
import { installGracefulShutdown } from './graceful-shutdown';
import { withOperatorEndpoints } from './operator/messaging-operator.module';

/** main.ts of every service: validate env, build, start consuming, listen, drain on SIGTERM. */
export async function runService<S extends z.ZodType<BaseConfig>>(spec: {
  configSchema: S;
  rootModule: (config: z.infer<S>) => DynamicModule;
  title: string;
  description: string;
}): Promise<void> {
  let config: z.infer<S>;
  try {
    config = loadConfig(spec.configSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await NestFactory.create<NestExpressApplication>(withOperatorEndpoints(spec.rootModule(config)), {
    bufferLogs: true,
    rawBody: true,
  });
  await configureApp(app, spec);
  // Module init (topic provisioning, indexes) must finish before the consumer subscribes.
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  installGracefulShutdown(app, config.SHUTDOWN_GRACE_MS);
}
