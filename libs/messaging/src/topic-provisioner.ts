import { Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';

/** Creates the topics a service uses, each with its dead-letter topic; existing ones are left alone. */
export async function provisionTopics(kafka: Kafka, physicalTopics: string[], partitions: number): Promise<void> {
  const wanted = [...new Set(physicalTopics.flatMap((t) => [t, deadLetterTopicOf(t)]))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
