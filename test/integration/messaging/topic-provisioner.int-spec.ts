import { ConfigResourceTypes } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';
import { provisionTopics } from '@app/messaging';
import { cleanupPolicyOf, testKafka, uniqueName } from '@app/testing';

jest.setTimeout(60_000);

/** Compacted topics (COMPACTED_TOPICS) on a real broker: created compacted, or switched by their owner. */
describe('topic provisioning of compacted topics (real Kafka)', () => {
  const kafka = testKafka('provisioner-int');

  it('creates a compacted topic with cleanup.policy=compact and its dead-letter topic with delete', async () => {
    const topic = uniqueName('compacted');
    await provisionTopics(kafka, [topic], 2, { compacted: [topic] });
    expect(await cleanupPolicyOf(kafka, topic)).toBe('compact');
    expect(await cleanupPolicyOf(kafka, deadLetterTopicOf(topic))).toBe('delete');
  });

  it('switches an existing topic its owner declares compacted, keeping its other settings; a consumer only creates', async () => {
    const topic = uniqueName('was-delete');
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
      // A service that only consumes it leaves it alone (it may not alter configs under the ACLs).
      await provisionTopics(kafka, [topic], 1, { compacted: [topic], owned: [] });
      expect(await cleanupPolicyOf(kafka, topic)).toBe('delete');

      await provisionTopics(kafka, [topic], 1, { compacted: [topic], owned: [topic] });
      expect(await cleanupPolicyOf(kafka, topic)).toBe('compact');
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
      });
      expect(resources[0].configEntries[0].configValue).toBe('3600000');
    } finally {
      await admin.disconnect();
    }
  });
});
