import { Admin, Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';

/** Creates the topics a service uses, each with its dead-letter topic; existing ones are left alone. */
export async function provisionTopics(kafka: Kafka, physicalTopics: string[], partitions: number): Promise<void> {
  const wanted = [...new Set(physicalTopics.flatMap((t) => [t, deadLetterTopicOf(t)]))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        // Leaders are awaited below, with retries that also cover UNKNOWN_TOPIC_OR_PARTITION.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
        });
      } catch (error) {
        // Another service may have created some of them a moment ago: the wait below decides.
        if (!isRaceWithAnotherCreator(error)) throw error;
      }
    }
    await waitForLeaders(admin, wanted);
    // The controller can name a leader a moment before that broker answers for the partition;
    // a consumer starting then fails its first ListOffsets and kafkajs backs off for seconds.
    await waitForOffsets(admin, missing);
  } finally {
    await admin.disconnect();
  }
}

/** A fresh topic can be listed before every broker serves its partitions; wait until they do. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until every partition of the new topics answers ListOffsets, which is what a consumer asks first. */
async function waitForOffsets(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

function isRaceWithAnotherCreator(error: unknown): boolean {
  const { retriable, type, message } = error as { retriable?: boolean; type?: string; message?: string };
  return retriable === true || type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(message ?? '');
}
