import { Admin, ConfigResourceTypes, ConfigSource, Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';

export interface CompactionPlan {
  /** Topics (physical names) created with cleanup.policy=compact. */
  compacted?: string[];
  /** Of those, the ones this service produces: an existing one still on the delete policy is switched to compact. */
  owned?: string[];
}

/**
 * Creates the topics a service uses, each with its dead-letter topic (always on the delete
 * policy: dead letters are kept until retention). Existing topics are left alone, except that a
 * compacted topic the service owns is switched to compaction if it was created without it.
 */
export async function provisionTopics(
  kafka: Kafka,
  physicalTopics: string[],
  partitions: number,
  plan: CompactionPlan = {},
): Promise<void> {
  const compacted = new Set(plan.compacted ?? []);
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
          topics: missing.map((topic) => ({
            topic,
            numPartitions: partitions,
            replicationFactor: -1,
            ...(compacted.has(topic) ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
          })),
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
    await ensureCompacted(
      admin,
      (plan.owned ?? []).filter((t) => compacted.has(t) && existing.has(t)),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Switches topics created before they were declared compacted. kafkajs' alterConfigs replaces the
 * topic's dynamic settings, so the others are read first and written back with it.
 */
async function ensureCompacted(admin: Admin, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const toAlter = resources
    .filter((r) => r.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue !== 'compact')
    .map((r) => ({
      type: ConfigResourceTypes.TOPIC,
      name: r.resourceName,
      configEntries: [
        ...r.configEntries
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && e.configName !== 'cleanup.policy')
          .map((e) => ({ name: e.configName, value: e.configValue })),
        { name: 'cleanup.policy', value: 'compact' },
      ],
    }));
  if (toAlter.length > 0) await admin.alterConfigs({ validateOnly: false, resources: toAlter });
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
