import { KafkaEventContext, PermanentFailureError } from '@app/messaging';

/**
 * The transport dispatches on the CloudEvents type, whatever topic the record came from. A
 * handler whose events must come from one topic (e.g. outcomes only from the talent
 * pipeline's own outbox, never from ERPs writing to the inbound topic) rejects the rest to
 * the dead-letter topic. Topics carry a deployment prefix, hence the suffix match.
 */
export function expectTopic(context: KafkaEventContext, logicalTopic: string): void {
  const topic = context.getTopic();
  if (topic !== logicalTopic && !topic.endsWith(`.${logicalTopic}`)) {
    throw new PermanentFailureError(`events of this type are only accepted on ${logicalTopic}, not on ${topic}`);
  }
}
