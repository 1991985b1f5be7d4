import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from '@app/base';
import { exitFatally, installFatalHandlers, JsonBootstrapLogger, processLogger } from '../logging/process-logger';
import { startTracing } from '../tracing/start-tracing';
import { configureApp } from './configure-app';
import { installGracefulShutdown } from './graceful-shutdown';
import { withOperatorEndpoints } from './operator/messaging-operator.module';

/**
 * main.ts of every service: validate env, start tracing (before the HTTP server exists),
 * build, start consuming, listen, drain on SIGTERM. Whatever stops the start (a bad variable,
 * a provider that fails, Mongo or Kafka unreachable) and whatever crashes the process later
 * is logged as one JSON line like every other, then the process exits non-zero.
 */
export async function runService<S extends z.ZodType<BaseConfig>>(spec: {
  configSchema: S;
  rootModule: (config: z.infer<S>) => DynamicModule;
  title: string;
  description: string;
}): Promise<void> {
  const logger = processLogger(process.env.SERVICE_NAME || 'service', levelOf(process.env.LOG_LEVEL));
  installFatalHandlers(logger);
  let config: z.infer<S>;
  try {
    config = loadConfig(spec.configSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      // The variables and what is wrong with each, never their values (some are secrets).
      logger.fatal({ issues: error.issues }, error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  try {
    const tracing = startTracing(config);
    if (tracing.enabled) logger.info({ context: 'Tracing' }, 'OpenTelemetry tracing on, exporting by OTLP/HTTP');
    const app = await NestFactory.create<NestExpressApplication>(withOperatorEndpoints(spec.rootModule(config)), {
      bufferLogs: true,
      rawBody: true,
      logger: new JsonBootstrapLogger(logger),
      // Throw instead of process.abort(), so the failure is logged here as JSON.
      abortOnError: false,
    });
    await configureApp(app, spec);
    // Module init (topic provisioning, indexes) must finish before the consumer subscribes.
    await app.init();
    await app.startAllMicroservices();
    await app.listen(config.PORT, '0.0.0.0');
    installGracefulShutdown(app, config.SHUTDOWN_GRACE_MS, () => tracing.shutdown());
  } catch (error) {
    exitFatally(logger, error, 'service failed to start');
  }
}

function levelOf(value: string | undefined): string {
  return value && ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(value) ? value : 'info';
}
