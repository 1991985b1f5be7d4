import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestTopics, httpJson, testKafka, testKafkaBrokers, testMongoUri, uniqueName, waitFor, WebhookReceiver } from '@app/testing';
import { MongoClient } from 'mongodb';
import { SecretBox } from '../../apps/talent-pipeline/src/shared/secret-box';
import {
  ADMIN_TOKEN,
  seedActiveInternship,
  startTalentPipeline,
  TEST_SECRETS_KEY,
} from '../../apps/talent-pipeline/test/talent-pipeline.harness';
import { consumerLag, main, OpsError, outboxGaugesOf, replayOutcomes, rotateKey, setSubscriptionStatus, UsageError } from './ops';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The entry point as an operator runs it (ts-node, as `npm run ops` does), without npm's own start-up. */
function runCli(args: string[]) {
  return run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'tools/ops/ops.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('ops CLI against a running talent pipeline (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  const operator = () => ({ url: service.baseUrl, token: ADMIN_TOKEN, operator: 'ops-test' });

  beforeAll(async () => {
    [service, receiverUrl] = await Promise.all([startTalentPipeline(), receiver.start()]);
  });

  afterAll(async () => {
    await receiver.stop();
    await service?.close();
  });

  it('runs as a process: --help exits 0 with the usage, a failure exits non-zero with one line on stderr', async () => {
    const [help, refused] = await Promise.all([
      runCli(['--help']),
      runCli(['rotate-key', 'school', '00000000-0000-4000-8000-000000000000', '--url', 'http://127.0.0.1:1', '--token', 'x']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: npm run ops -- <command>');
    for (const command of [
      'dlt',
      'lag',
      'outbox',
      'subscription disable|enable',
      'replay-outcomes',
      'rotate-key',
      'rotate-erp-secret',
      'reseal-secrets',
    ])
      expect(help.stdout).toContain(command);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('ops:'))).toEqual([
      expect.stringMatching(/^ops: POST http:\/\/127\.0\.0\.1:1\/v1\/schools\/.*\/api-key\/rotations: /),
    ]);
    // A usage error (exit 64 from the entry point) names the problem.
    await expect(main(['bogus'])).rejects.toThrow(new UsageError('unknown command bogus'));
  });

  it('lag: committed offset against the high watermark, per partition of each topic the group committed on', async () => {
    const kafka = testKafka('ops-lag-test');
    const admin = kafka.admin();
    const producer = kafka.producer();
    const topic = uniqueName('ops-lag');
    const groupId = uniqueName('ops-lag-group');
    await Promise.all([admin.connect(), producer.connect()]);
    try {
      await createTestTopics(admin, [{ topic, numPartitions: 2 }]);
      await producer.send({ topic, messages: [0, 1, 2, 3, 4].map((i) => ({ partition: 0, value: `r${i}` })) });
      await producer.send({ topic, messages: [{ partition: 1, value: 'only' }] });
      // The group has processed two records of partition 0 and none of partition 1.
      await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });

      const rows = await consumerLag({ brokers: [testKafkaBrokers()], groupId });
      expect(rows).toEqual([
        { topic, partition: 0, committed: 2, low: 0, high: 5, lag: 3 },
        { topic, partition: 1, committed: -1, low: 0, high: 1, lag: 1 },
      ]);

      const lines: string[] = [];
      await main(['lag', '--brokers', testKafkaBrokers(), '--group', groupId, '--json'], (l) => lines.push(l));
      expect(JSON.parse(lines.join('\n'))).toEqual({ groupId, partitions: rows });
      lines.length = 0;
      await main(['lag', '--brokers', testKafkaBrokers(), '--group', groupId], (l) => lines.push(l));
      expect(lines.at(-1)).toBe(`group ${groupId}: total lag 4`);
    } finally {
      await Promise.all([admin.disconnect(), producer.disconnect()]);
    }
  });

  it('dlt list and replay go on from --after and print the cursor to go on with; a malformed --after is a usage error', async () => {
    const kafka = testKafka('ops-dlt-test');
    const admin = kafka.admin();
    const producer = kafka.producer();
    const original = uniqueName('ops-dlt');
    const dlt = `${original}.dlt`;
    const wanted = 'test.ops.paged.v1';
    await Promise.all([admin.connect(), producer.connect()]);
    try {
      await createTestTopics(admin, [
        { topic: original, numPartitions: 1 },
        { topic: dlt, numPartitions: 1 },
      ]);
      // Six dead letters; the wanted ones at offsets 0, 2 and 4.
      await producer.send({
        topic: dlt,
        acks: -1,
        messages: [0, 1, 2, 3, 4, 5].map((i) => ({
          key: `k${i}`,
          value: JSON.stringify({ i }),
          headers: { ce_id: `${original}-${i}`, ce_type: i % 2 === 0 ? wanted : 'test.ops.other.v1', 'dlt-reason': 'handler-failed' },
        })),
      });
      const read = [
        '--operator',
        `ops-dlt-reader-${Date.now()}`,
        '--access-reason',
        'INC-4713: paging',
        '--mongo',
        testMongoUri(service.database),
      ];
      const dltCli = async (...args: string[]) => {
        const lines: string[] = [];
        await main(['dlt', ...args, '--brokers', testKafkaBrokers()], (l) => lines.push(l));
        return lines;
      };

      // Without --after, list reads on to --limit matches; it stopped before the end, and says how to go on.
      const first = await dltCli('list', dlt, '--type', wanted, '--limit', '1', ...read);
      expect(first).toEqual([
        expect.stringMatching(new RegExp(`^0@0 .* ce_id=${original}-0 `)),
        '1 record(s) (of 1 read)',
        'stopped before the end of the topic: more may match; go on with: list --after 0:1-6 (and the same filters)',
      ]);
      // With --after: one read from the cursor; --json answers the cursor as a field.
      const second = JSON.parse(
        (await dltCli('list', dlt, '--type', wanted, '--limit', '1', '--after', '0:1-6', '--json', ...read)).join('\n'),
      );
      expect(second).toEqual({ items: [expect.objectContaining({ offset: '2', eventType: wanted })], scanned: 2, nextCursor: '0:3-6' });
      const last = JSON.parse((await dltCli('list', dlt, '--type', wanted, '--after', second.nextCursor, '--json', ...read)).join('\n'));
      expect(last).toEqual({ items: [expect.objectContaining({ offset: '4' })], scanned: 3 });

      // A replay by filter is one read too: the first match, the cursor; from it, the rest, each once.
      const replayFirst = await dltCli('replay', dlt, '--type', wanted, '--limit', '1');
      expect(replayFirst).toEqual([
        expect.stringMatching(new RegExp(`^replayed 0@0 -> ${original} \\(ce_id ${original}-0, `)),
        '1 record(s) replayed (no --mongo: not written to the replay ledger)',
        'stopped before the end of the topic: more may match; go on with: replay --after 0:1-6 (and the same filters)',
      ]);
      const replayRest = JSON.parse((await dltCli('replay', dlt, '--type', wanted, '--after', '0:1-6', '--json')).join('\n'));
      expect(replayRest).toMatchObject({ replayed: 2, scanned: 5, items: [{ from: { offset: '2' } }, { from: { offset: '4' } }] });
      expect(replayRest).not.toHaveProperty('nextCursor');
      expect(Number((await admin.fetchTopicOffsets(original))[0].high)).toBe(3);

      // A cursor dlt did not print is a usage error naming --after, before anything is read or replayed.
      for (const args of [
        ['list', dlt, '--after', 'yesterday', ...read],
        ['replay', dlt, '--type', wanted, '--after', '0:1,0:2'],
        ['replay', dlt, '--all', '--after', '0:-1'],
        ['replay', dlt, '--all', '--after', '0:4-2'],
      ])
        await expect(dltCli(...args)).rejects.toThrow(/^--after ".*" is not a cursor dlt printed: /);
      await expect(dltCli('show', dlt, '0@2', '--after', '0:1', ...read)).rejects.toThrow(/^--after pages a list or a replay by filter/);
      await expect(dltCli('replay', dlt, '0@2', '--after', '0:1')).rejects.toThrow(/^--after pages a list or a replay by filter/);
      expect(Number((await admin.fetchTopicOffsets(original))[0].high)).toBe(3);
      const refused = await runCli(['dlt', 'replay', dlt, '--type', wanted, '--after', 'yesterday', '--brokers', testKafkaBrokers()]);
      expect(refused.code).toBe(64);
      expect(refused.stderr).toContain('ops: --after "yesterday" is not a cursor dlt printed');
    } finally {
      await Promise.all([admin.disconnect(), producer.disconnect()]);
    }
  });

  it('outbox: backlog and oldest age per collection, read from the service /metrics', async () => {
    const lines: string[] = [];
    await main(['outbox', '--url', service.baseUrl, '--json'], (l) => lines.push(l));
    const rows = JSON.parse(lines.join('\n'));
    expect(rows.map((r: { collection: string }) => r.collection)).toEqual(expect.arrayContaining(['placements', 'schools', 'erp_inbox']));
    for (const row of rows)
      expect(row).toEqual({ collection: expect.any(String), backlog: expect.any(Number), oldestAgeSeconds: expect.any(Number) });
    expect(
      outboxGaugesOf(
        'outbox_backlog{collection="placements",service="talent-pipeline"} 3\n' +
          'outbox_oldest_age_seconds{service="talent-pipeline",collection="placements"} 12.5\nconsumer_up 1',
      ),
    ).toEqual([{ collection: 'placements', backlog: 3, oldestAgeSeconds: 12.5 }]);
  });

  it('reseal-secrets: an ERP signing secret stored before encryption was switched on is sealed under the current key', async () => {
    const enterprise = (
      await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { token: ADMIN_TOKEN, body: { name: 'Ops Motors', country: 'CN' } })
    ).body;
    const mongo = await new MongoClient(testMongoUri(service.database)).connect();
    try {
      const enterprises = mongo.db().collection('enterprises');
      await enterprises.updateOne({ _id: enterprise.id }, { $set: { erpSigningSecret: enterprise.erpSigningSecret } });
      const lines: string[] = [];
      await main(['reseal-secrets', '--url', service.baseUrl, '--token', ADMIN_TOKEN], (l) => lines.push(l));
      expect(lines.join('\n').split('\n')).toEqual([
        'ERP signing secrets: 1 resealed, 0 no configured key opens',
        'webhook signing secrets: 0 resealed, 0 no configured key opens',
        'previous keys configured: 0',
      ]);
      const stored = (await enterprises.findOne({ _id: enterprise.id }))!.erpSigningSecret as string;
      expect(stored).toMatch(/^sbx1:/);
      expect(new SecretBox(Buffer.from(TEST_SECRETS_KEY, 'base64')).open(stored)).toBe(enterprise.erpSigningSecret);
      lines.length = 0;
      await main(['reseal-secrets', '--url', service.baseUrl, '--token', ADMIN_TOKEN, '--json'], (l) => lines.push(l));
      expect(JSON.parse(lines.join('\n'))).toMatchObject({ erpSigningSecrets: { resealed: 0, unreadable: 0 } });
      await expect(main(['reseal-secrets', '--service', 'rd-collaboration'])).rejects.toThrow(
        /talent-pipeline or teacher-secondment command/,
      );
    } finally {
      await mongo.close();
    }
  });

  it('rotate-key: the new key works at once and the old one keeps working during the overlap; overlap 0 ends it', async () => {
    const school = (
      await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Ops College', country: 'CN' } })
    ).body;
    const asSchool = (key: string) => httpJson('GET', `${service.baseUrl}/v1/schools/${school.id}/webhook-subscriptions`, { token: key });

    const first = await rotateKey(operator(), 'school', school.id, { overlapSeconds: 600, reason: 'ops test' });
    expect(first.apiKey).not.toBe(school.apiKey);
    expect(Date.parse(first.previousKeyValidUntil!)).toBeGreaterThan(Date.now() + 590_000);
    expect((await asSchool(first.apiKey)).status).toBe(200);
    expect((await asSchool(school.apiKey)).status).toBe(200);

    const lines: string[] = [];
    await main(['rotate-key', 'school', school.id, '--overlap', '0', '--url', service.baseUrl, '--token', ADMIN_TOKEN, '--json'], (l) =>
      lines.push(l),
    );
    const second = JSON.parse(lines.join('\n'));
    expect((await asSchool(second.apiKey)).status).toBe(200);
    await waitFor('the replaced key refused once its overlap of 0 s is over', async () => (await asSchool(first.apiKey)).status === 401);

    await expect(rotateKey({ ...operator(), token: 'not-the-operator' }, 'school', school.id)).rejects.toThrow(OpsError);
    await expect(rotateKey(operator(), 'enterprise', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/-> 404/);
  });

  it('subscription disable/enable and replay-outcomes: a disabled subscription refuses the replay; re-enabled, it delivers again', async () => {
    const seeded = await seedActiveInternship(service.baseUrl);
    const feed = () =>
      httpJson('GET', `${service.baseUrl}/v1/schools/${seeded.school.id}/placement-outcomes`, { token: seeded.school.apiKey });
    await waitFor('the started outcome in the feed', async () => (await feed()).body.items.length > 0);
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const subscription = (
      await httpJson('POST', `${service.baseUrl}/v1/schools/${seeded.school.id}/webhook-subscriptions`, {
        token: seeded.school.apiKey,
        body: { url: receiverUrl },
      })
    ).body;
    const target = { url: service.baseUrl };
    const lines: string[] = [];
    const cli = (args: string[]) => main([...args, '--url', service.baseUrl, '--school-key', seeded.school.apiKey], (l) => lines.push(l));

    await cli(['subscription', 'disable', seeded.school.id, subscription.id]);
    expect(lines.pop()).toBe(`subscription ${subscription.id} is now disabled`);
    await expect(replayOutcomes(target, seeded.school.apiKey, seeded.school.id, subscription.id, since)).rejects.toThrow(
      /-> 409 subscription disabled/,
    );

    expect(await setSubscriptionStatus(target, seeded.school.apiKey, seeded.school.id, subscription.id, 'active')).toMatchObject({
      id: subscription.id,
      status: 'active',
    });
    await cli(['replay-outcomes', seeded.school.id, subscription.id, '--since', since, '--replay-id', 'ops-test-1', '--json']);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({ replayId: 'ops-test-1', matched: 1, enqueued: 1 });
    const delivered = await waitFor('the replayed outcome delivered', () =>
      receiver.received.find((r) => JSON.parse(r.body).data?.placementId === seeded.placement.id),
    );
    expect(JSON.parse(delivered.body).type).toBe('talent.placement.started.v1');

    // Without the school key the CLI says what it needs instead of calling the route.
    await expect(main(['subscription', 'enable', seeded.school.id, subscription.id, '--url', service.baseUrl])).rejects.toThrow(
      /--school-key/,
    );
  });
});
