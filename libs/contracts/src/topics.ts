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
  /** Teacher secondment lifecycle (requested … completed). Key: secondment id. */
  secondments: 'secondment.secondment.v1',
  /** Double-qualified teacher credentials issued and revoked. Key: teacher id. */
  credentials: 'secondment.credential.v1',
  /** Teachers' enterprise-practice compliance changes. Key: teacher id. */
  teacherCompliance: 'secondment.teacher-compliance.v1',
  /**
   * Teachers' privacy choices that other services must honour: the state of a teacher's objection
   * to host enterprises reading their finished work (ADR 0077), after each change. Key: teacher id.
   * Compacted: the newest state per teacher stays (see COMPACTED_TOPICS).
   */
  teacherPrivacy: 'secondment.teacher-privacy.v1',
  /** Double-qualified teachers offered to the talent pipeline as placement supervisors. Key: teacher id. */
  supervisors: 'secondment.supervisor.v1',
  /** Enterprise engineers teaching at schools, signed off by the school. Key: engagement id. */
  engineerTeaching: 'secondment.engineer-teaching.v1',
  /** Teachers and students joining R&D projects, and teachers' logged hours. Key: the person (teacher or student id). */
  rdParticipation: 'rd.participation.v1',
  /** R&D project milestones for the scorecard: started, contributions delivered, outcomes, closed. Key: project id. */
  rdProjects: 'rd.project.v1',
  /** Students of R&D projects proposed for an R&D internship; the talent pipeline creates the placement. Key: the student id. */
  rdPlacementProposals: 'rd.placement-proposal.v1',
  /** The talent pipeline's answer to each R&D placement proposal: accepted (placement created) or refused, with why. Key: the project id. */
  rdPlacementDecisions: 'talent.rd-placement-decision.v1',
  /**
   * The talent pipeline's answer to each student joining an R&D project (rd.participation.joined.v1): confirmed,
   * or refused with why (ADR 0082). Key: the project id. No person id.
   */
  talentRdParticipantChecks: 'talent.rd-participant-check.v1',
  /**
   * The teacher secondment service's answer to each teacher joining an R&D project: confirmed, or refused with
   * why (ADR 0082). Key: the project id. No person id.
   */
  secondmentRdParticipantChecks: 'secondment.rd-participant-check.v1',
  /** Erasure requests and each service's confirmation. Key: the person (student id). */
  privacyErasure: 'privacy.erasure.v1',
  /** Disclosures of a person's data recorded by any service, gathered into one ledger. Key: the person. */
  privacyDisclosures: 'privacy.disclosure.v1',
  /**
   * Students' consents (state after each change), copied by services that disclose student data.
   * Key: consent id. Compacted: the newest state per consent stays; an erased student's consents
   * get tombstones (see COMPACTED_TOPICS).
   */
  privacyConsents: 'privacy.consent.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Topics whose records are states keyed by what they describe (cleanup.policy=compact): a
 * newer record replaces an older one with the same key, and a tombstone (null value) removes the
 * key. Their dead-letter topics keep the default delete policy.
 */
export const COMPACTED_TOPICS: readonly string[] = [Topics.privacyConsents, Topics.teacherPrivacy];

/**
 * Topics whose events name or identify a person (a student's or teacher's id, an HR id, a name,
 * free text about a student: docs/privacy.md lists the fields). An erasure does not rewrite
 * them, so each is given a bounded lifetime on the brokers (KAFKA_PERSONAL_DATA_MAX_AGE_DAYS,
 * ADR 0074), and so is its dead-letter topic. tools/privacy/privacy-docs.spec.ts fails when a
 * topic gains a person field without being listed here.
 */
export const PERSONAL_DATA_TOPICS: readonly string[] = [
  Topics.erpInbound,
  Topics.placementOutcomes,
  Topics.secondments,
  Topics.credentials,
  Topics.teacherCompliance,
  Topics.teacherPrivacy,
  Topics.supervisors,
  Topics.engineerTeaching,
  Topics.rdParticipation,
  Topics.rdPlacementProposals,
  Topics.privacyErasure,
  Topics.privacyDisclosures,
  Topics.privacyConsents,
];

/**
 * Each school's own outcome topic (`talent.school-outcome.v1.<schoolId>`), opened by the school
 * (PUT /v1/schools/{schoolId}/outcome-topic): its pull feed, published in order to one partition,
 * so a school can read its outcomes from Kafka under an ACL of its own (ADR 0075). Not in Topics:
 * there is one per school, and only the talent pipeline writes them.
 */
export const SCHOOL_OUTCOME_TOPIC_PREFIX = 'talent.school-outcome.v1.';

export function schoolOutcomeTopicOf(schoolId: string): string {
  return `${SCHOOL_OUTCOME_TOPIC_PREFIX}${schoolId}`;
}

/** The consumer groups a school's Kafka principal may use to read its outcome topic start with this. */
export function schoolConsumerGroupPrefixOf(schoolId: string): string {
  return `school-${schoolId}`;
}

export const DEAD_LETTER_SUFFIX = '.dlt';

export function deadLetterTopicOf(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}
