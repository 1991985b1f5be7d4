/** A school's outcome topic: its pull feed, published in order to a Kafka topic of its own (ADR 0075). */
export interface OutcomeTopicDocument {
  /** The school id: a school has one outcome topic. */
  _id: string;
  /** The logical topic name (`talent.school-outcome.v1.<schoolId>`). */
  topic: string;
  status: 'active' | 'stopped';
  /** The feed position published through: the pump continues after it. */
  afterSeq: number;
  /** Outcomes published since the topic was opened. */
  published: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
  /** Why the last publish failed (the broker was away, …); cleared by the next success. */
  lastError?: string;
}

export const OUTCOME_TOPICS = 'outcome_topics';
