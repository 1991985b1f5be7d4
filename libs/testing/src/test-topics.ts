import { Admin, ITopicConfig } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * Creates topics for a test and waits until every partition answers ListOffsets.
 *
 * kafkajs's own `waitForLeaders` retries only LEADER_NOT_AVAILABLE, but a KRaft broker can answer
 * the metadata request right after the create with UNKNOWN_TOPIC_OR_PARTITION ("This server does
 * not host this topic-partition") until it has applied the new topic from its metadata log: that
 * failed a CI run. This waits through both, the way provisionTopics does for the services.
 */
export async function createTestTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await admin.createTopics({ waitForLeaders: false, topics });
  for (const { topic, numPartitions = 1 } of topics) {
    await waitFor(`${topic} served by its leaders`, async () => (await admin.fetchTopicOffsets(topic)).length >= numPartitions);
  }
}
