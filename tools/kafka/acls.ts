/**
 * npm run kafka:acls -- print [--prefix P] [--erp-producer User:erp-x]… [--school <schoolId>=User:school-x]…
 *   the least-privilege ACLs as kafka-acls.sh commands (a --school reads its own outcome topic, ADR 0075)
 * npm run kafka:acls -- apply --brokers B [--prefix P]  creates them, as the super user given by
 *   KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (and KAFKA_SSL=true for TLS).
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaSecurityOptions } from '@app/messaging';
import { aclCommands, aclPlan, applyAclPlan } from './acl-plan';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      brokers: { type: 'string' },
      prefix: { type: 'string', default: '' },
      bootstrap: { type: 'string' },
      'erp-producer': { type: 'string', multiple: true, default: [] },
      school: { type: 'string', multiple: true, default: [] },
    },
  });
  const schoolReaders = values.school.map((entry) => {
    const [schoolId, principal] = entry.split(/=(.*)/s);
    if (!schoolId || !principal) throw new Error(`--school ${entry}: expected <schoolId>=<principal>, e.g. 3f2…=User:school-riverside`);
    return { schoolId, principal };
  });
  const plan = aclPlan({ topicPrefix: values.prefix, erpProducers: values['erp-producer'], schoolReaders });
  if (positionals[0] === 'print') {
    for (const line of aclCommands(plan, values.bootstrap ?? values.brokers)) process.stdout.write(`${line}\n`);
    return;
  }
  if (positionals[0] !== 'apply' || !values.brokers)
    throw new Error('usage: acls print [--prefix P] | acls apply --brokers host:port [--prefix P]');
  const env = process.env;
  const kafka = new Kafka({
    clientId: 'acl-plan',
    brokers: values.brokers.split(','),
    logLevel: logLevel.ERROR,
    ...kafkaSecurityOptions({
      KAFKA_SSL: env.KAFKA_SSL === 'true',
      KAFKA_SASL_MECHANISM: env.KAFKA_SASL_MECHANISM as 'plain' | undefined,
      KAFKA_SASL_USERNAME: env.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: env.KAFKA_SASL_PASSWORD,
    }),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyAclPlan(admin, plan);
    process.stdout.write(`created ${plan.length} ACLs\n`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
