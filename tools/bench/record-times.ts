import { Kafka } from 'kafkajs';

/**
 * When each record of one event type reached a topic: its producer timestamp (kafkajs sets it when
 * the relay sends), by the key `keyOf` reads from the record's data. Reads the topic from its start
 * to the end offsets it has now, in a group of its own, so the service's consumers are not touched.
 * The first record per key wins (a relay retry can publish an event twice).
 */
export async function recordTimes(
  kafka: Kafka,
  topic: string,
  type: string,
  keyOf: (data: Record<string, unknown>) => string | undefined,
): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((end) => end.high !== end.low).map((end) => [end.partition, BigInt(end.high)]));
  const times = new Map<string, number>();
  if (remaining.size === 0) return times;
  const consumer = kafka.consumer({ groupId: `bench-record-times-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} took more than 60 s`)), 60_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              if (message.headers?.ce_type?.toString() === type && message.value) {
                const key = keyOf(JSON.parse(message.value.toString()) as Record<string, unknown>);
                if (key !== undefined && !times.has(key)) times.set(key, Number(message.timestamp));
              }
              if (BigInt(message.offset) + 1n >= (remaining.get(batch.partition) ?? 0n)) remaining.delete(batch.partition);
            }
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return times;
}
