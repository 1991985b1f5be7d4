import { ConfigResourceTypes } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';
import { provisionTopics } from '@app/messaging';
import {
  cleanupPolicyOf,
  createTestTopics,
  latestRecordsByKey,
  readTopicToEnd,
  testKafka,
  topicSettingsOf,
  uniqueName,
  waitFor,
} from '@app/testing';

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
      await createTestTopics(admin, [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }]);
      // A service that only consumes it leaves it alone (it may not alter configs under the ACLs).
      await provisionTopics(kafka, [topic], 1, { compacted: [topic], owned: [] });
      expect(await cleanupPolicyOf(kafka, topic)).toBe('delete');

      await provisionTopics(kafka, [topic], 1, { compacted: [topic], owned: [topic] });
      // A KRaft broker applies a committed config change from its metadata log a moment later: read until it has.
      await waitFor('the compact policy applied', async () => (await cleanupPolicyOf(kafka, topic)) === 'compact');
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

/** Topics naming people (PERSONAL_DATA_TOPICS) on a real broker: their records get a bounded lifetime (ADR 0074). */
describe('topic provisioning of topics naming people (real Kafka)', () => {
  const kafka = testKafka('provisioner-personal-int');
  const DAY = 86_400_000;

  it('creates them and their dead-letter topics with a retention and a segment time that add up to the max age; other topics keep the defaults', async () => {
    const personal = uniqueName('personal');
    const compacted = uniqueName('personal-compacted');
    const organisations = uniqueName('organisations');
    await provisionTopics(kafka, [personal, compacted, organisations], 1, {
      compacted: [compacted],
      personalData: [personal, compacted],
      personalDataMaxAgeMs: 28 * DAY,
    });

    for (const topic of [personal, deadLetterTopicOf(personal), deadLetterTopicOf(compacted)]) {
      const settings = await topicSettingsOf(kafka, topic);
      expect({ topic, retention: settings['retention.ms'], segment: settings['segment.ms'] }).toEqual({
        topic,
        retention: { value: String(27 * DAY), onTopic: true },
        segment: { value: String(DAY), onTopic: true },
      });
    }
    // The compacted one keeps each consent's newest state; what an erasure's tombstone replaced is compacted away in time.
    const consentLike = await topicSettingsOf(kafka, compacted);
    expect(consentLike['cleanup.policy'].value).toBe('compact');
    expect(consentLike['max.compaction.lag.ms']).toEqual({ value: String(27 * DAY), onTopic: true });
    expect(consentLike['retention.ms'].onTopic).toBe(false);

    const defaults = await topicSettingsOf(kafka, organisations);
    expect([defaults['retention.ms'].onTopic, defaults['segment.ms'].onTopic]).toEqual([false, false]);
  });

  it('lowers an unbounded or longer lifetime of a topic its owner produces, keeping its other settings and a shorter limit an operator chose', async () => {
    const unbounded = uniqueName('unbounded');
    const stricter = uniqueName('stricter');
    const admin = kafka.admin();
    await admin.connect();
    try {
      await createTestTopics(admin, [
        {
          topic: unbounded,
          numPartitions: 1,
          configEntries: [
            { name: 'retention.ms', value: '-1' },
            { name: 'max.message.bytes', value: '500000' },
          ],
        },
        { topic: stricter, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(DAY) }] },
      ]);
    } finally {
      await admin.disconnect();
    }
    const plan = { personalData: [unbounded, stricter], personalDataMaxAgeMs: 28 * DAY };

    // A service that only consumes them may not alter them under the ACLs: it leaves them alone.
    await provisionTopics(kafka, [unbounded, stricter], 1, { ...plan, owned: [] });
    expect((await topicSettingsOf(kafka, unbounded))['retention.ms'].value).toBe('-1');

    await provisionTopics(kafka, [unbounded, stricter], 1, { ...plan, owned: [unbounded, stricter] });
    // A KRaft broker applies a committed config change from its metadata log a moment later: read until it has.
    const settingsOf = async (topic: string) => {
      const settings = await topicSettingsOf(kafka, topic);
      return [settings['retention.ms'].value, settings['segment.ms'].value, settings['max.message.bytes'].value];
    };
    const lowered = await waitFor('the lowered lifetime applied', async () => {
      const values = await settingsOf(unbounded);
      return values[0] !== '-1' && values;
    });
    expect(lowered).toEqual([String(27 * DAY), String(DAY), '500000']);
    const kept = await waitFor('the segment age applied', async () => {
      const values = await settingsOf(stricter);
      return values[1] === String(DAY) && values;
    });
    expect(kept.slice(0, 2)).toEqual([String(DAY), String(DAY)]);
  });

  it('has the broker delete the records of a topic naming people once they are older than the max age, not those of another topic', async () => {
    const personal = uniqueName('personal-expiring');
    const organisations = uniqueName('organisations-kept');
    // 4 s: segments close after 1 s and go 3 s after their newest record (the test broker checks every 5 s).
    await provisionTopics(kafka, [personal, organisations], 1, { personalData: [personal], personalDataMaxAgeMs: 4_000 });
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const topic of [personal, organisations]) {
        await producer.send({
          topic,
          messages: [
            { key: 'student-1', value: '{"studentId":"student-1"}' },
            { key: 'student-2', value: '{}' },
          ],
        });
      }
    } finally {
      await producer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsetsOf = async (topic: string) => (await admin.fetchTopicOffsets(topic))[0];
      await waitFor(
        'the records naming people deleted by the broker',
        async () => {
          const { low, high } = await offsetsOf(personal);
          return high === '2' && low === '2';
        },
        { timeoutMs: 45_000 },
      );
      expect(await offsetsOf(organisations)).toMatchObject({ low: '0', high: '2' });
    } finally {
      await admin.disconnect();
    }
  });

  it('has the broker compact away the states a tombstone replaced on a compacted topic naming people, keeping the newest state of other keys', async () => {
    const consents = uniqueName('consents-compacting');
    await provisionTopics(kafka, [consents], 1, { compacted: [consents], personalData: [consents], personalDataMaxAgeMs: 4_000 });
    const erasedStates = async () =>
      (await readTopicToEnd(kafka, consents)).filter((m) => m.key === 'consent-erased' && m.value !== null).length;
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: consents,
        messages: [
          { key: 'consent-erased', value: '{"studentId":"student-1","status":"granted"}' },
          { key: 'consent-kept', value: '{"studentId":"student-2","status":"granted"}' },
          { key: 'consent-erased', value: null },
        ],
      });
      // The state is there before the compaction: its segment is still the active one, which the
      // cleaner never touches, until the next append closes it (read here, not after that append:
      // under load the cleaner was faster than the read, and the first CI at 3832d75 saw 0).
      expect(await erasedStates()).toBe(1);
      // A segment closes on the first append after segment.ms: the topic's traffic does that in production.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await producer.send({ topic: consents, messages: [{ key: 'consent-other', value: '{"studentId":"student-3","status":"granted"}' }] });
    } finally {
      await producer.disconnect();
    }
    await waitFor('the erased consent state compacted away', async () => (await erasedStates()) === 0, {
      timeoutMs: 60_000,
      intervalMs: 2_000,
    });
    const latest = await latestRecordsByKey(kafka, consents);
    expect(latest.get('consent-kept')?.value).toContain('student-2');
  });
});
