import { Admin, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import {
  COMPACTED_TOPICS,
  deadLetterTopicOf,
  PERSONAL_DATA_TOPICS,
  PRIVACY_SERVICES,
  PrivacyService,
  SCHOOL_OUTCOME_TOPIC_PREFIX,
  schoolConsumerGroupPrefixOf,
  schoolOutcomeTopicOf,
  SERVICE_TOPICS,
  Topics,
} from '@app/contracts';

/**
 * Least privilege on the broker: each service's principal may read only the topics it
 * consumes (and their dead-letter topics, which it writes and its operators inspect), write
 * only the topics it produces, create only those, and join only its own consumer group.
 * Nothing is granted to anyone else: schools and enterprises never read Kafka; they get their
 * outcomes through the webhooks and the pull feed, which check who is asking
 * (docs/decisions/0050-kafka-least-privilege-acls.md).
 */
export interface AclEntry {
  principal: string;
  resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER';
  resourceName: string;
  patternType: 'LITERAL' | 'PREFIXED';
  operation: 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE' | 'DELETE' | 'IDEMPOTENT_WRITE' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS';
}

export interface AclPlanOptions {
  /** KAFKA_TOPIC_PREFIX of the deployment (empty in production). */
  topicPrefix?: string;
  /** The principal a service authenticates as (default `User:<service>`). */
  principalOf?: (service: PrivacyService) => string;
  /** The service's consumer group (default: its KAFKA_GROUP_ID default, the service name, after the prefix). */
  groupOf?: (service: PrivacyService) => string;
  /**
   * Principals of enterprise ERPs that produce to the inbound topic themselves: they may write
   * there and nowhere else (their records are also signed per enterprise, ADR 0008/issue 7).
   */
  erpProducers?: string[];
  /**
   * Schools that read their own outcome topic (ADR 0075), with the principal each authenticates
   * as: it may read that topic, and use the consumer groups named after the school, nothing else.
   */
  schoolReaders?: { schoolId: string; principal: string }[];
}

/** Prefix of the short-lived groups the dead-letter inspector uses (libs/messaging dead-letter store). */
export const DEAD_LETTER_READER_GROUP_PREFIX = 'dlt-reader-';

export function aclPlan(options: AclPlanOptions = {}): AclEntry[] {
  const prefix = options.topicPrefix ?? '';
  const principalOf = options.principalOf ?? ((service) => `User:${service}`);
  const groupOf = options.groupOf ?? ((service) => `${prefix}${service}`);
  const entries: AclEntry[] = [];
  for (const service of PRIVACY_SERVICES) {
    const principal = principalOf(service);
    const topic = (name: string, operation: AclEntry['operation']) =>
      entries.push({ principal, resourceType: 'TOPIC', resourceName: `${prefix}${name}`, patternType: 'LITERAL', operation });
    const { consumes, produces } = SERVICE_TOPICS[service];
    for (const name of consumes) {
      for (const op of ['READ', 'DESCRIBE', 'CREATE'] as const) topic(name, op);
      // Dead letters: written by this service's consumer, read back by its operator API.
      // DESCRIBE_CONFIGS: the inspector says by when each dead letter must be replayed (its retention).
      for (const op of ['WRITE', 'READ', 'DESCRIBE', 'CREATE', 'DESCRIBE_CONFIGS'] as const) topic(deadLetterTopicOf(name), op);
    }
    for (const name of produces) {
      for (const op of ['WRITE', 'DESCRIBE', 'CREATE'] as const) topic(name, op);
      // The owner of a compacted topic switches it to compaction if it was created without.
      if (COMPACTED_TOPICS.includes(name)) for (const op of ['DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] as const) topic(name, op);
      // Provisioning creates every topic's dead-letter topic alongside it.
      for (const op of ['DESCRIBE', 'CREATE'] as const) topic(deadLetterTopicOf(name), op);
      // The owner of a topic naming people bounds its records' lifetime, and its dead letters' (ADR 0074).
      if (PERSONAL_DATA_TOPICS.includes(name)) {
        for (const op of ['DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] as const) for (const t of [name, deadLetterTopicOf(name)]) topic(t, op);
      }
    }
    if (service === 'talent-pipeline') {
      // Schools' own outcome topics, one per school that opens one: created, bounded and written here only.
      for (const op of ['CREATE', 'WRITE', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'] as const) {
        entries.push({
          principal,
          resourceType: 'TOPIC',
          resourceName: `${prefix}${SCHOOL_OUTCOME_TOPIC_PREFIX}`,
          patternType: 'PREFIXED',
          operation: op,
        });
      }
    }
    entries.push({ principal, resourceType: 'GROUP', resourceName: groupOf(service), patternType: 'LITERAL', operation: 'READ' });
    for (const op of ['READ', 'DELETE'] as const) {
      entries.push({
        principal,
        resourceType: 'GROUP',
        resourceName: DEAD_LETTER_READER_GROUP_PREFIX,
        patternType: 'PREFIXED',
        operation: op,
      });
    }
    entries.push({
      principal,
      resourceType: 'CLUSTER',
      resourceName: 'kafka-cluster',
      patternType: 'LITERAL',
      operation: 'IDEMPOTENT_WRITE',
    });
  }
  for (const principal of options.erpProducers ?? []) {
    for (const op of ['WRITE', 'DESCRIBE'] as const) {
      entries.push({
        principal,
        resourceType: 'TOPIC',
        resourceName: `${prefix}${Topics.erpInbound}`,
        patternType: 'LITERAL',
        operation: op,
      });
    }
    entries.push({
      principal,
      resourceType: 'CLUSTER',
      resourceName: 'kafka-cluster',
      patternType: 'LITERAL',
      operation: 'IDEMPOTENT_WRITE',
    });
  }
  for (const { schoolId, principal } of options.schoolReaders ?? []) {
    for (const op of ['READ', 'DESCRIBE'] as const) {
      entries.push({
        principal,
        resourceType: 'TOPIC',
        resourceName: `${prefix}${schoolOutcomeTopicOf(schoolId)}`,
        patternType: 'LITERAL',
        operation: op,
      });
    }
    entries.push({
      principal,
      resourceType: 'GROUP',
      resourceName: `${prefix}${schoolConsumerGroupPrefixOf(schoolId)}`,
      patternType: 'PREFIXED',
      operation: 'READ',
    });
  }
  return dedupe(entries);
}

/** Creates the plan's ACLs (ALLOW, any host) with an admin client of a super user. Creating an existing ACL is a no-op. */
export async function applyAclPlan(admin: Admin, plan: AclEntry[]): Promise<void> {
  await admin.createAcls({
    acl: plan.map((e) => ({
      principal: e.principal,
      host: '*',
      resourceType: AclResourceTypes[e.resourceType],
      resourceName: e.resourceName,
      resourcePatternType: ResourcePatternTypes[e.patternType],
      operation: AclOperationTypes[e.operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  });
}

/** The same plan as kafka-acls.sh commands, for operators who apply ACLs with Kafka's own tools. */
export function aclCommands(plan: AclEntry[], bootstrap = '<bootstrap-server>'): string[] {
  return plan.map((e) => {
    const resource = e.resourceType === 'CLUSTER' ? '--cluster' : `--${e.resourceType.toLowerCase()} '${e.resourceName}'`;
    // READ -> Read, IDEMPOTENT_WRITE -> IdempotentWrite, DESCRIBE_CONFIGS -> DescribeConfigs
    const operation = e.operation
      .split('_')
      .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
      .join('');
    return `kafka-acls.sh --bootstrap-server ${bootstrap} --add --allow-principal '${e.principal}' --operation ${operation} ${resource} --resource-pattern-type ${e.patternType.toLowerCase()}`;
  });
}

function dedupe(entries: AclEntry[]): AclEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
