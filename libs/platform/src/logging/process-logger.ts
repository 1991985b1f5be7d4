import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';

/**
 * The process's own pino logger, for what happens outside Nest's logger: configuration
 * errors, module compilation (before nestjs-pino exists), fatal errors. Same JSON line shape
 * as nestjs-pino's (`level`, `time`, `service`, `msg`, `context`), written synchronously so
 * a line is out before the process exits.
 */
export function processLogger(service: string, level = 'info'): Pino {
  return pino({ level, base: { service } }, pino.destination({ dest: 1, sync: true }));
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger while the application is being created: what Nest logs then (module
 * compilation, a provider that fails to build) comes out as JSON rather than Nest's coloured
 * text. configureApp hands over to nestjs-pino once the module tree exists.
 */
export class JsonBootstrapLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes `(message, stack?, context)`: the last string is the context. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    const stack = rest.find((p): p is string => typeof p === 'string');
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}

/**
 * Uncaught exceptions and unhandled rejections: one JSON line at fatal level with the error,
 * then exit 1 (the process is in an unknown state; the orchestrator restarts it). Without
 * this, Node prints the stack as plain text. Process warnings (a deprecation, kafkajs'
 * TimeoutNegativeWarning on Node 24) become warn lines instead of Node's plain-text stderr.
 */
export function installFatalHandlers(logger: Pino): void {
  // Node's own printer is the only 'warning' listener at start; ours replaces it.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ err: warning, code: (warning as { code?: string }).code }, warning.message));
  process.on('uncaughtException', (error, origin) =>
    exitFatally(logger, error, origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception'),
  );
  process.on('unhandledRejection', (reason) => exitFatally(logger, reason, 'unhandled rejection'));
}

/** Logs `error` as one fatal JSON line and exits with `code`. */
export function exitFatally(logger: Pino, error: unknown, message: string, code = 1): never {
  logger.fatal({ err: error instanceof Error ? error : new Error(String(error)) }, message);
  process.exit(code);
}
