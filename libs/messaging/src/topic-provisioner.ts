import { Admin, ConfigResourceTypes, ConfigSource, Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';

export interface TopicPlan {
  /** Topics (physical names) created with cleanup.policy=compact. */
  compacted?: string[];
  /** Topics (physical names) whose records name a person: they and their dead-letter topics get a bounded lifetime. */
  personalData?: string[];
  /** The longest a record of a personal-data topic may stay on the brokers (KAFKA_PERSONAL_DATA_MAX_AGE_DAYS). */
  personalDataMaxAgeMs?: number;
  /**
   * Of the topics, the ones this service produces. An existing one (or its dead-letter topic) whose
   * settings fall short of the plan is brought in line; a consumer only creates, since under the
   * broker's ACLs it may not alter another service's topics.
   */
  owned?: string[];
  /** false: no dead-letter topics (for topics nobody consumes inside the platform). */
  deadLetters?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The settings that bound how long a record stays: the broker deletes (or, on a compacted topic,
 * compacts away) a closed segment once its newest record is older than the limit, and closes a
 * segment after `segment.ms`. So the oldest record lives at most `segment.ms` + the limit, plus
 * the broker's retention check interval (`log.retention.check.interval.ms`, 5 minutes by default).
 */
export function lifetimeSettings(maxAgeMs: number): { segmentMs: number; limitMs: number } {
  const segmentMs = Math.max(1, Math.min(DAY_MS, Math.floor(maxAgeMs / 4)));
  return { segmentMs, limitMs: maxAgeMs - segmentMs };
}

/** What a topic must be configured with under the plan (empty: the broker's defaults). */
export function topicSettings(topic: string, plan: TopicPlan): Record<string, string> {
  const base = deadLetterBaseOf(topic, plan);
  const compacted = base === undefined && (plan.compacted ?? []).includes(topic);
  const personal = (plan.personalData ?? []).includes(base ?? topic) && plan.personalDataMaxAgeMs !== undefined;
  const settings: Record<string, string> = compacted ? { 'cleanup.policy': 'compact' } : {};
  if (personal) {
    const { segmentMs, limitMs } = lifetimeSettings(plan.personalDataMaxAgeMs!);
    settings['segment.ms'] = String(segmentMs);
    // A compacted topic keeps each key's newest state for good (a consent in force); what must go
    // is the states an erasure's tombstone replaced, so compaction is what gets the deadline.
    settings[compacted ? 'max.compaction.lag.ms' : 'retention.ms'] = String(limitMs);
  }
  return settings;
}

/** For a dead-letter topic of one of the plan's topics (always on the delete policy), that topic. */
function deadLetterBaseOf(topic: string, plan: TopicPlan): string | undefined {
  return [...(plan.compacted ?? []), ...(plan.personalData ?? [])].find((t) => deadLetterTopicOf(t) === topic);
}

/**
 * Creates the topics a service uses, each with its dead-letter topic (always on the delete
 * policy: dead letters are kept until retention), with the settings of the plan. Existing topics
 * are left alone, except those the service owns, whose settings are brought in line.
 */
export async function provisionTopics(kafka: Kafka, physicalTopics: string[], partitions: number, plan: TopicPlan = {}): Promise<void> {
  const withDeadLetters = (topics: string[]) => (plan.deadLetters === false ? topics : topics.flatMap((t) => [t, deadLetterTopicOf(t)]));
  const wanted = [...new Set(withDeadLetters(physicalTopics))];
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
            configEntries: Object.entries(topicSettings(topic, plan)).map(([name, value]) => ({ name, value })),
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
    const owned = withDeadLetters(plan.owned ?? []);
    await bringInLine(
      admin,
      owned.filter((t) => existing.has(t) && Object.keys(topicSettings(t, plan)).length > 0),
      plan,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Brings existing topics to the plan: a topic created before it was declared compacted is switched,
 * and a lifetime limit that is unset (the broker's default), infinite (-1) or longer than the
 * plan's is lowered to it. A shorter one an operator chose is kept. kafkajs' alterConfigs replaces
 * the topic's dynamic settings, so the others are read first and written back with the change.
 */
async function bringInLine(admin: Admin, topics: string[], plan: TopicPlan): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const toAlter = resources.flatMap((r) => {
    const current = new Map(r.configEntries.map((e) => [e.configName, e]));
    const changes = Object.entries(topicSettings(r.resourceName, plan)).filter(([name, value]) => {
      const now = current.get(name);
      if (name === 'cleanup.policy') return now?.configValue !== value;
      const ms = Number(now?.configValue);
      return now?.configSource !== ConfigSource.TOPIC_CONFIG || !(ms >= 0 && ms <= Number(value));
    });
    if (changes.length === 0) return [];
    const changed = new Set(changes.map(([name]) => name));
    return [
      {
        type: ConfigResourceTypes.TOPIC,
        name: r.resourceName,
        configEntries: [
          ...r.configEntries
            .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && !changed.has(e.configName))
            .map((e) => ({ name: e.configName, value: e.configValue })),
          ...changes.map(([name, value]) => ({ name, value })),
        ],
      },
    ];
  });
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
