import { Logger } from '@nestjs/common';
import { LogEntry, logLevel } from 'kafkajs';

/**
 * Broker chatter kafkajs logs at error level although it recovers by itself: a partition's
 * leader moved or a new topic's partitions are not hosted yet (it refreshes metadata and
 * retries), a coordinator is loading or moved, a connection dropped or timed out (it
 * reconnects), a rebalance. An operator paged by these learns nothing. If the recovery does
 * not come, our own code says so: the transport logs a consumer crash at error, the relay's
 * backlog shows in outbox_oldest_age_seconds, readiness goes 503 and consumer_up drops.
 */
const TRANSIENT =
  /not the leader|does not host this topic-partition|unknown_topic_or_partition|leader not available|leader_not_available|not_leader|no leader|not the correct coordinator|coordinator (is )?(not available|loading|load in progress)|rebalanc|connection (error|timeout|closed|refused)|closed connection|broker not connected|not connected|reconnect|restarting the consumer|econnrefused|econnreset|etimedout|epipe|ehostunreach|socket hang up|request .*timed out|numberofretriesexceeded|kafkajsconnection|not aware of this member/i;

/** Lines about a response the broker answered with a retriable error: kafkajs retries the request. */
const RESPONSE_LINE = /^Response /;

export type MappedLevel = 'error' | 'warn' | 'debug' | undefined;

/**
 * The level a kafkajs log line gets in our logs: real errors stay errors; transient broker
 * and connection trouble is a warning (a dropped connection, a consumer restart), or debug
 * when it is a single retried response (`Response ListOffsets(...)`: not the leader); info
 * becomes debug and kafkajs' own debug is dropped.
 */
export function kafkaLogLevelOf(level: logLevel, message: string, extra: Record<string, unknown> = {}): MappedLevel {
  if (level === logLevel.ERROR || level === logLevel.WARN) {
    const text = `${message} ${describe(extra.error)} ${describe(extra.cause)}`;
    if (TRANSIENT.test(text)) return RESPONSE_LINE.test(message) ? 'debug' : 'warn';
    return level === logLevel.ERROR ? 'error' : 'warn';
  }
  if (level === logLevel.INFO) return 'debug';
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Error) return `${value.name} ${value.message}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Routes kafkajs' own logs through Nest's logger (and so into pino JSON), at the level above. */
export function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const mapped = kafkaLogLevelOf(level, message, extra);
      if (!mapped) return;
      const line = `${message} ${JSON.stringify(extra)}`;
      if (mapped === 'error') logger.error(line);
      else if (mapped === 'warn') logger.warn(line);
      else logger.debug(line);
    };
}
