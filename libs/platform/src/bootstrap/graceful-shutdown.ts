import { INestApplication, Logger } from '@nestjs/common';
import { KafkaEventTransport } from '@app/messaging';
import { OutboxRelay } from '@app/persistence';
import { ShutdownState } from '../shutdown/shutdown-state';

/**
 * SIGTERM drains in a fixed order: readiness 503 -> grace period -> stop consuming (in-flight
 * handlers finish) -> flush the outbox -> close HTTP, producer and Mongo. Nest's own hook
 * order cannot express "flush the outbox after the consumer stopped but before Mongo closes".
 * `afterClose` runs last (tracing exports its remaining spans).
 */
export function installGracefulShutdown(app: INestApplication, graceMs: number, afterClose?: () => Promise<void>): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const drain = async (signal: string) => {
    if (started) return;
    started = true;
    logger.log(`${signal} received, draining`);
    try {
      app.get(ShutdownState).beginDraining();
      await new Promise((resolve) => setTimeout(resolve, graceMs));
      await app.get(KafkaEventTransport).close();
      await app.get(OutboxRelay).stopAndFlush();
      await app.close();
      // Last: the spans of the drain itself are exported too.
      await afterClose?.();
      logger.log('drained, exiting');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void drain('SIGTERM'));
  process.once('SIGINT', () => void drain('SIGINT'));
}
