import { ConfigResourceTypes, ConfigSource, Kafka } from 'kafkajs';
import { RecordedMessage, TopicRecorder } from './topic-recorder';
import { waitFor } from './wait-for';

/**
 * What a reader of a compacted topic ends up with: the last record of every key, read from the
 * beginning up to the end offsets at the time of the call (a null value is a tombstone).
 */
export async function latestRecordsByKey(kafka: Kafka, topic: string): Promise<Map<string, RecordedMessage>> {
  const latest = new Map<string, RecordedMessage>();
  for (const message of await readTopicToEnd(kafka, topic)) if (message.key !== undefined) latest.set(message.key, message);
  return latest;
}

/** Every record of the topic from the beginning up to its end offsets at the time of the call, in offset order per partition. */
export async function readTopicToEnd(kafka: Kafka, topic: string): Promise<RecordedMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; high: string }[];
  try {
    ends = (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, high: o.high }));
  } finally {
    await admin.disconnect();
  }
  const recorder = new TopicRecorder(kafka, [topic]);
  await recorder.start();
  try {
    await waitFor(`${topic} read to its end`, () =>
      ends.every(
        (end) =>
          end.high === '0' || recorder.messages.some((m) => m.partition === end.partition && BigInt(m.offset) >= BigInt(end.high) - 1n),
      ),
    );
  } finally {
    await recorder.stop();
  }
  return recorder.messages;
}

/** The topic's cleanup.policy as the broker reports it (`delete`, `compact`, or both). */
export async function cleanupPolicyOf(kafka: Kafka, topic: string): Promise<string | undefined> {
  return (await topicSettingsOf(kafka, topic))['cleanup.policy']?.value;
}

/** Each setting of a topic as the broker reports it, and whether the topic sets it (else a default). */
export async function topicSettingsOf(kafka: Kafka, topic: string): Promise<Record<string, { value: string; onTopic: boolean }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return Object.fromEntries(
      (resources[0]?.configEntries ?? []).map((e) => [
        e.configName,
        { value: e.configValue, onTopic: e.configSource === ConfigSource.TOPIC_CONFIG },
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}
