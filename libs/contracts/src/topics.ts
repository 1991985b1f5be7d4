/**
 * Logical topic names, `<context>.<aggregate>.v<major>`. Services prefix them with
 * KAFKA_TOPIC_PREFIX (empty in production) so test runs can isolate themselves.
 */
export const Topics = {
  /** Schools and enterprises registered in the talent pipeline's partner registry. Key: partner id. */
  partners: 'talent.partner.v1',
  /** Canonical ERP hiring events (CloudEvents) from HTTP ingest or ERPs that speak Kafka. Key: enterprise id. */
  erpInbound: 'talent.erp-inbound.v1',
  /** Placement outcomes for schools. Key: school id, so one school's outcomes stay in order. */
  placementOutcomes: 'talent.placement-outcome.v1',
  /** Enterprise talent demand (requisitions). Key: requisition id. */
  requisitions: 'talent.requisition.v1',
  /** Cooperation agreements between a school and an enterprise. Key: agreement id. */
  agreements: 'talent.agreement.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const DEAD_LETTER_SUFFIX = '.dlt';

export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}
