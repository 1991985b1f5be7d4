import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoWriteConcernError } from 'mongodb';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { EventValidationError } from '@app/contracts';
import { TransientFailureError, isTransientFailure } from './failure-classification';
import { PermanentFailureError } from './permanent-failure.error';

const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:27017`), { code });
const serverError = (code: number) => new MongoServerError({ code, errmsg: `server error ${code}` });

describe('isTransientFailure', () => {
  it.each([
    [
      'MongoServerSelectionError',
      new MongoServerSelectionError('Server selection timed out after 10000 ms', { error: undefined } as never),
    ],
    ['MongoNetworkError', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['ECONNREFUSED', withCode('ECONNREFUSED')],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['ETIMEDOUT', withCode('ETIMEDOUT')],
    ['NotWritablePrimary (10107)', serverError(10107)],
    ['WriteConflict (112)', serverError(112)],
    ['InterruptedDueToReplStateChange (11602)', serverError(11602)],
    ['LegacyNotPrimary (10058)', serverError(10058)],
    ['ReadConcernMajorityNotAvailableYet (134)', serverError(134)],
    // A replica set electing or a secondary lagging: the write concern or read preference cannot be met yet.
    ['WriteConcernFailed / WriteConcernTimeout (64)', serverError(64)],
    [
      'a write concern error (64) as the driver reports it',
      new MongoWriteConcernError({
        writeConcernError: { code: 64, errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } },
      } as never),
    ],
    ['FailedToSatisfyReadPreference (133)', serverError(133)],
    // The rest of the driver's resumable codes (GET_MORE_RESUMABLE_CODES in mongodb/lib/error.js).
    ['StaleShardVersion (63)', serverError(63)],
    ['StaleEpoch (150)', serverError(150)],
    ['StaleConfig (13388)', serverError(13388)],
    ['RetryChangeStream (234)', serverError(234)],
    ['CursorNotFound (43)', serverError(43)],
    [
      // MongoDB 8 sheds load with these labels; driver 7 retries a few times, then gives up with them.
      'an overloaded server (SystemOverloadedError, RetryableError labels)',
      new MongoServerError({
        code: 462,
        errmsg: 'ingress request rate limit exceeded',
        errorLabels: ['SystemOverloadedError', 'RetryableError'],
      }),
    ],
    ['kafkajs connection error (retriable)', new KafkaJSConnectionError('Connection timeout')],
    [
      'kafkajs retries exhausted on a connection error',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection timeout'), { retryCount: 10, retryTime: 5000 }),
    ],
    ['TransientFailureError', new TransientFailureError('partner service unavailable')],
    ['anything marked retriable', Object.assign(new Error('try later'), { retriable: true })],
    ['a wrapped connection error', new Error('loading placement failed', { cause: withCode('ECONNREFUSED') })],
  ])('%s is transient', (_name, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['PermanentFailureError', new PermanentFailureError('placement is terminated')],
    ['PermanentFailureError caused by a network error', new PermanentFailureError('gave up', { cause: withCode('ECONNRESET') })],
    ['a duplicate key (11000)', serverError(11000)],
    ['a schema violation', new EventValidationError('talent.placement.hired.v1', [{ path: 'data.placementId', message: 'Required' }])],
    ['a TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'title')")],
    ['a plain Error', new Error('unexpected state')],
    ['kafkajs non-retriable error', new KafkaJSNonRetriableError('message too large')],
    ['not an error at all', 'boom'],
    ['undefined', undefined],
  ])('%s is not transient', (_name, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });
});
