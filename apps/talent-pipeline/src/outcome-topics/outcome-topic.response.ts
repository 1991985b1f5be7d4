import { z } from 'zod';
import { encodeCursor } from '../outcomes/outcome-cursor';
import { OutcomeTopicDocument } from './outcome-topic.document';

const instant = z.iso.datetime({ offset: true });

export const OutcomeTopicViewSchema = z.object({
  schoolId: z.string(),
  topic: z.string().describe('The Kafka topic (one partition, key: the school id; records as on talent.placement-outcome.v1).'),
  consumerGroupPrefix: z
    .string()
    .describe("The consumer groups the school's Kafka principal may use start with this (the operator's ACLs, ADR 0075)."),
  status: z.enum(['active', 'stopped']),
  cursor: z.string().describe('The feed cursor published through: the next record on the topic is the feed entry after it.'),
  published: z.int().min(0).describe('Outcomes published since the topic was opened (a republished one counts again).'),
  maxAgeDays: z.int().describe('A record stays on the topic at most this long (KAFKA_PERSONAL_DATA_MAX_AGE_DAYS, ADR 0074).'),
  createdAt: instant,
  updatedAt: instant,
  publishedAt: instant.optional(),
  lastError: z.string().optional().describe('Why the last publish failed; the pump retries, and a success clears it.'),
});

export type OutcomeTopicView = z.output<typeof OutcomeTopicViewSchema>;

export function outcomeTopicView(
  doc: OutcomeTopicDocument,
  settings: { physicalTopic: string; groupPrefix: string; maxAgeDays: number },
): OutcomeTopicView {
  return {
    schoolId: doc._id,
    topic: settings.physicalTopic,
    consumerGroupPrefix: settings.groupPrefix,
    status: doc.status,
    cursor: encodeCursor(doc.afterSeq),
    published: doc.published,
    maxAgeDays: settings.maxAgeDays,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    publishedAt: doc.publishedAt?.toISOString(),
    lastError: doc.lastError,
  };
}
