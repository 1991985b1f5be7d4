import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Consistency of deploy/k8s with the code, for what the schema check (npm run deploy:validate)
 * cannot see: probe windows against the service's own timeouts, the drain against the grace
 * period, Secret keys the Deployments reference, the KEDA scaler against the consumer group.
 * Reads the source manifests; no network, no tools.
 */
type Obj = Record<string, any>;

const root = join(__dirname, '../..');
const k8s = join(root, 'deploy/k8s');
const SERVICES = ['talent-pipeline', 'teacher-secondment', 'rd-collaboration'];

const load = (path: string): Obj[] =>
  parseAllDocuments(readFileSync(join(k8s, path), 'utf8'))
    .map((doc) => doc.toJS() as Obj)
    .filter(Boolean);
const one = (path: string): Obj => load(path)[0];
const commonEnv = Object.fromEntries(
  readFileSync(join(k8s, 'base/common.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const secrets = new Map(load('secret.example.yaml').map((s) => [s.metadata.name as string, Object.keys(s.stringData)]));

/** How long a start with MongoDB unreachable takes before the service exits by itself. */
function mongoGiveUpSeconds(): number {
  const persistence = readFileSync(join(root, 'libs/persistence/src/persistence.module.ts'), 'utf8');
  const selection = Number(/serverSelectionTimeoutMS: ([\d_]+)/.exec(persistence)![1].replace(/_/g, ''));
  expect(persistence).not.toMatch(/retryAttempts|retryDelay/); // the library defaults apply
  // @nestjs/mongoose 12's exports map opens only its entry point (dist/index.js): the helper sits beside it.
  const utils = readFileSync(join(dirname(require.resolve('@nestjs/mongoose')), 'common/mongoose.utils.js'), 'utf8');
  const [, attempts, delay] = /handleRetry\(retryAttempts = (\d+), retryDelay = (\d+)/.exec(utils)!.map(Number);
  // handleRetry throws at the attempts-th error, waiting `delay` between attempts.
  return (attempts * selection + (attempts - 1) * delay) / 1000;
}

describe.each(SERVICES)('deploy/k8s %s', (service) => {
  const deployment = one(`base/${service}/deployment.yaml`);
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = new Map<string, Obj>(container.env.map((e: Obj) => [e.name, e]));

  it('gives startup longer than the service takes to give up on an unreachable MongoDB (issue 10 item 7)', () => {
    const probe = container.startupProbe;
    const window = probe.periodSeconds * probe.failureThreshold;
    const giveUp = mongoGiveUpSeconds();
    expect(giveUp).toBeGreaterThan(100); // about 115 s today
    expect(window).toBeGreaterThanOrEqual(giveUp + 20);
  });

  it('leaves the drain (preStop, SHUTDOWN_GRACE_MS, consumer and outbox) time before SIGKILL', () => {
    const preStop = container.lifecycle.preStop.sleep.seconds;
    const grace = Number(commonEnv.SHUTDOWN_GRACE_MS) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + grace + 30);
  });

  it('leaves replicas to the autoscaler and sets every resource request and limit', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    for (const kind of ['requests', 'limits']) {
      expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    }
  });

  it('references only Secret keys the example Secret documents, and talks to Kafka with SCRAM over TLS', () => {
    for (const e of container.env as Obj[]) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) expect(secrets.get(ref.name)).toContain(ref.key);
    }
    expect(env.get('KAFKA_SSL')?.value).toBe('true');
    expect(env.get('KAFKA_SASL_MECHANISM')?.value).toMatch(/^scram-/);
    expect(secrets.get(`${service}-secrets`)?.length).toBeGreaterThan(0);
  });

  it('scales with KEDA on the lag of the consumer group the service actually joins', () => {
    const [scaled, auth] = load(`components/keda/${service}.yaml`);
    const kafka = scaled.spec.triggers.find((t: Obj) => t.type === 'kafka');
    expect(env.has('KAFKA_GROUP_ID')).toBe(false); // so the group is SERVICE_NAME
    expect(kafka.metadata.consumerGroup).toBe(env.get('SERVICE_NAME')?.value);
    expect(kafka.metadata.bootstrapServers).toBe(commonEnv.KAFKA_BROKERS);
    expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(Number(commonEnv.KAFKA_TOPIC_PARTITIONS));
    expect(kafka.authenticationRef.name).toBe(auth.metadata.name);
    for (const ref of auth.spec.secretTargetRef) expect(secrets.get(ref.name)).toContain(ref.key);
  });

  it('admits only its http port and lets out only DNS, Kafka and MongoDB (plus webhooks)', () => {
    const policy = one(`base/${service}/networkpolicy.yaml`);
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    const ingressPorts = policy.spec.ingress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port));
    expect(ingressPorts).toEqual(container.ports.map((p: Obj) => p.name));
    const egressPorts = new Set(policy.spec.egress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port)));
    const kafkaPort = Number(commonEnv.KAFKA_BROKERS.split(',')[0].split(':')[1]);
    const expected = [53, kafkaPort, 27017, ...(env.has('WEBHOOK_TIMEOUT_MS') ? [443] : [])];
    expect([...egressPorts].sort()).toEqual(expected.sort());
  });
});

it('deploy/k8s: the namespace has a default-deny NetworkPolicy', () => {
  const policy = one('base/networkpolicy-default-deny.yaml');
  expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
});
