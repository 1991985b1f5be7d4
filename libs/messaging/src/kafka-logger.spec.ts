import { logLevel } from 'kafkajs';
import { kafkaLogLevelOf } from './kafka-logger';

describe('kafkaLogLevelOf', () => {
  it.each([
    // A retried response: leadership moved while the topic was being created or a broker restarted.
    [
      'Response ListOffsets(key: 2, version: 4)',
      { error: 'This server is not the leader for that topic-partition', correlationId: 7 },
      'debug',
    ],
    [
      'Response Metadata(key: 3, version: 6)',
      { error: 'There is no leader for this topic-partition as we are in the middle of a leadership election' },
      'debug',
    ],
    ['Response Produce(key: 0, version: 7)', { error: 'NOT_LEADER_OR_FOLLOWER' }, 'debug'],
    // A topic just created: its partitions are not hosted yet (seen at every start while topics are provisioned).
    ['Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition', correlationId: 5 }, 'debug'],
    ['Response FindCoordinator(key: 10, version: 2)', { error: 'The coordinator is not available' }, 'debug'],
    // Connection trouble kafkajs recovers from by reconnecting.
    ['Connection error: connect ECONNREFUSED 127.0.0.1:19092', { broker: '127.0.0.1:19092' }, 'warn'],
    ['Connection timeout', { broker: '127.0.0.1:19092' }, 'warn'],
    ['Failed to connect to broker, reconnecting', { retryCount: 1, retryTime: 300 }, 'warn'],
    ['Restarting the consumer in 300ms', { retryCount: 0, groupId: 'g' }, 'warn'],
    ['Crash: KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED', { groupId: 'g' }, 'warn'],
    ['The coordinator is not aware of this member, re-joining the group', { groupId: 'g' }, 'warn'],
  ])('maps transient %s to %s', (message, extra, expected) => {
    expect(kafkaLogLevelOf(logLevel.ERROR, message, extra)).toBe(expected);
  });

  it.each([
    ['SASL SCRAM-SHA-512 authentication failed', { broker: 'b:9093' }],
    ['Crash: KafkaJSNonRetriableError: Topic authorization failed', { groupId: 'g' }],
    ['Error when calling eachMessage', { topic: 't', partition: 0, error: new TypeError('undefined is not a function') }],
    ['Failed to send messages: The request included a message larger than the max message size the server will accept', {}],
  ])('keeps the real error %s at error', (message, extra) => {
    expect(kafkaLogLevelOf(logLevel.ERROR, message, extra)).toBe('error');
  });

  it('keeps warnings at warn, makes info debug and drops kafkajs debug', () => {
    expect(kafkaLogLevelOf(logLevel.WARN, 'The group is rebalancing, re-joining', {})).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.WARN, 'Response without match', {})).toBe('warn');
    expect(kafkaLogLevelOf(logLevel.INFO, 'Consumer has joined the group', {})).toBe('debug');
    expect(kafkaLogLevelOf(logLevel.DEBUG, 'Request Fetch(key: 1)', {})).toBeUndefined();
  });
});
