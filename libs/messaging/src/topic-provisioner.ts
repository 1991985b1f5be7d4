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
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
      });
    }
    await waitForLeaders(admin, wanted);
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
