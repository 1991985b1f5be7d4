import { PermanentFailureError } from './permanent-failure.error';

/**
 * Thrown (or used as a `cause`) by code that knows a failure will pass by itself: the consumer
 * then waits and retries the record for as long as it takes, and never dead-letters it.
 */
export class TransientFailureError extends Error {
  readonly retriable = true;
}

/** Socket-level errors: the dependency is unreachable right now, not the record at fault. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * MongoDB server codes that mean "ask again later": elections, shutdowns, network trouble
 * between members, write conflicts and lock or time limits. Every code the driver itself treats
 * as "not primary", retryable or resumable (mongodb/lib/error.js: the retryable read and write
 * codes, the SDAM codes and GET_MORE_RESUMABLE_CODES) is here: 10058 LegacyNotPrimary,
 * 134 ReadConcernMajorityNotAvailableYet, 64 WriteConcernFailed (a write concern that timed out
 * while a replica set elects or a secondary lags), 133 FailedToSatisfyReadPreference (no member
 * matches the read preference yet), 63 StaleShardVersion, 150 StaleEpoch, 13388 StaleConfig
 * (a chunk migration under way), 234 RetryChangeStream and 43 CursorNotFound (a cursor lost to a
 * failover; a retry runs the handler again, with new cursors).
 */
const TRANSIENT_MONGO_CODES = new Set([
  6, 7, 24, 43, 50, 63, 64, 89, 91, 112, 133, 134, 150, 189, 234, 262, 9001, 10058, 10107, 11600, 11602, 13388, 13435, 13436,
]);

/** Driver error classes that only ever describe the connection, never the request. */
const TRANSIENT_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoServerClosedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoNotConnectedError',
  'TimeoutError',
]);

/**
 * Labels the server or driver put on errors worth retrying. `SystemOverloadedError` and
 * `RetryableError` mark an overloaded server shedding load (MongoDB 8; driver 7 also sets them on
 * failed connection attempts): the driver's own few retries can run out during a longer overload.
 */
const RETRYABLE_LABELS = [
  'RetryableWriteError',
  'TransientTransactionError',
  'ResetPool',
  'PoolRequestedRetry',
  'RetryableError',
  'SystemOverloadedError',
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errorLabels?: unknown;
  errorLabelSet?: unknown;
}

/**
 * True when retrying the same record later can succeed because the failure lies in the
 * infrastructure (database, broker, network), not in the record. Walks the `cause` chain, so
 * an error wrapped by a repository is still recognised. PermanentFailureError is never transient.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    if (current instanceof PermanentFailureError) return false;
    const e = current as ErrorLike;
    // kafkajs marks its retriable errors; anything else may opt in the same way.
    if (e.retriable === true) return true;
    if (typeof e.name === 'string' && TRANSIENT_ERROR_NAMES.has(e.name)) return true;
    if (typeof e.code === 'string' && TRANSIENT_SYSTEM_CODES.has(e.code)) return true;
    if (typeof e.code === 'number' && typeof e.name === 'string' && e.name.startsWith('Mongo') && TRANSIENT_MONGO_CODES.has(e.code))
      return true;
    if (hasRetryableLabel(e)) return true;
    current = e.cause;
  }
  return false;
}

function hasRetryableLabel(error: ErrorLike): boolean {
  const labels = error.errorLabelSet instanceof Set ? [...error.errorLabelSet] : Array.isArray(error.errorLabels) ? error.errorLabels : [];
  return labels.some((label) => RETRYABLE_LABELS.includes(String(label)));
}
