/**
 * Compliance "as of" and credential figures for the teacher secondment service.
 *
 * 1. The engine in memory: 10,000 teachers with 20 secondments each (8 to 12 countersigned days per
 *    secondment, 2017-2026), the default CN rule set; each teacher's full answer (as-of, credit
 *    by source, lapse date by bisection, what is needed) — per-teacher latency and the total.
 * 2. The stored service: the same data written to the service's Mongo database (teachers and
 *    secondments shaped as the service stores them), the service in this process on the real
 *    Kafka and Mongo-compatible server; GET /v1/teachers/{id}/compliance for sampled teachers,
 *    and GET /v1/reports/schools/{id} for whole schools (500 teachers each).
 * 3. Credentials: EdDSA signing (jose) per second, and verification through the service
 *    (signature against the JWKS plus the revocation lookup) per second.
 *
 * Usage: TEST_KAFKA_BROKERS=… TEST_MONGO_URL=… node -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *          tools/bench/compliance-bench.ts   (BENCH_TEACHERS, BENCH_STORED_TEACHERS, BENCH_SECONDMENTS, BENCH_SCHOOL_SIZE, BENCH_OUT;
 *          the data goes to a private Mongo-compatible server unless BENCH_SHARED_MONGO=1)
 * Writes the figures as Markdown to BENCH_OUT (default .bench/compliance-bench.md) and prints them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { MongoClient } from 'mongodb';
import { httpJson, startInProcessService, PrivateMongoServer, testKafkaBrokers, testMongoUri, uniqueName } from '@app/testing';
import { assessCompliance } from '../../apps/teacher-secondment/src/compliance/domain/compliance-engine';
import { DEFAULT_RULE_SET } from '../../apps/teacher-secondment/src/compliance/domain/default-rule-set';
import { TeacherSecondmentConfigSchema } from '../../apps/teacher-secondment/src/config/teacher-secondment.config';
import { CredentialsService } from '../../apps/teacher-secondment/src/credentials/credentials.service';
import { SigningKeysService } from '../../apps/teacher-secondment/src/credentials/signing-keys.service';
import { practiceFrom } from '../../apps/teacher-secondment/src/secondments/secondments.service';
import { addDays } from '../../apps/teacher-secondment/src/shared/calendar-date';
import { practiceRecord } from '../../apps/teacher-secondment/src/shared/practice-record';
import { TeacherSecondmentModule } from '../../apps/teacher-secondment/src/teacher-secondment.module';

const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10_000);
const SECONDMENTS = Number(process.env.BENCH_SECONDMENTS ?? 20);
const SCHOOL_SIZE = Number(process.env.BENCH_SCHOOL_SIZE ?? 500);
/** 8 to 12 countersigned days per secondment, so the data holds compliant and lapsed teachers alike. */
const daysPerSecondment = (index: number) => 8 + (index % 5);
/** Teachers written to the database (the engine runs over all of them in memory either way). */
const STORED_TEACHERS = Number(process.env.BENCH_STORED_TEACHERS ?? TEACHERS);
const OUT = process.env.BENCH_OUT ?? '.bench/compliance-bench.md';
const ADMIN = 'compliance-bench-admin-token';
const AS_OF = '2026-12-01';

const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  console.log(line);
};

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** One teacher's secondments: SECONDMENTS completed ones, every ~4.5 months back from 2026, 8 to 12 countersigned 8-hour days each. */
function secondmentsOf(teacherId: string, schoolId: string, enterpriseId: string, index: number) {
  return Array.from({ length: SECONDMENTS }, (_, k) => {
    const start = addDays('2019-06-03', k * 140 + (index % 30));
    const end = addDays(start, 13);
    const logs = Array.from({ length: daysPerSecondment(index) }, (_, d) => ({
      logId: randomUUID(),
      date: addDays(start, d),
      hours: 8,
      tasks: ['practice'],
      evidence: [],
      loggedBy: `teacher:${teacherId}`,
      loggedAt: new Date().toISOString(),
      countersignedBy: `enterprise:${enterpriseId}`,
      countersignedAt: new Date().toISOString(),
    }));
    return {
      _id: randomUUID(),
      teacherId,
      schoolId,
      enterpriseId,
      postId: randomUUID(),
      mentor: { name: `Mentor ${k % 7}` },
      status: 'completed' as const,
      period: { start, end },
      approvals: {},
      logs,
      deliverables: [],
      startedOn: start,
      endedOn: end,
      requestedBy: `school:${schoolId}`,
      createdAt: new Date(),
      version: 5,
      outbox: [],
    };
  });
}

function teacherDoc(id: string, schoolId: string, index: number) {
  return {
    _id: id,
    schoolId,
    jurisdiction: 'CN',
    displayName: `Teacher ${index}`,
    subject: 'Mechatronics',
    professionalCourse: true,
    hireDate: '2010-09-01',
    priorEnterpriseExperienceMonths: 48,
    bookings: [],
    createdAt: new Date(),
    version: 1,
    outbox: [],
  };
}

async function main() {
  const schools = Array.from({ length: Math.ceil(TEACHERS / SCHOOL_SIZE) }, () => randomUUID());
  const enterprises = Array.from({ length: 50 }, () => randomUUID());
  const teachers = Array.from({ length: TEACHERS }, (_, i) => ({
    id: randomUUID(),
    schoolId: schools[Math.floor(i / SCHOOL_SIZE)],
    index: i,
  }));

  report(`# Compliance bench (${new Date().toISOString()})`);
  report('');
  report(
    `Data: ${TEACHERS} teachers x ${SECONDMENTS} completed secondments (2019-2026) x 8-12 countersigned 8-hour days; default CN rule set (132 days in 5 years); as of ${AS_OF}.`,
  );
  report('');

  // 1. The engine in memory.
  const practices = teachers.map((t) => practiceFrom(secondmentsOf(t.id, t.schoolId, enterprises[t.index % 50], t.index) as never));
  const samples: number[] = [];
  const started = performance.now();
  let compliant = 0;
  for (let i = 0; i < teachers.length; i++) {
    const t0 = performance.now();
    const answer = assessCompliance(
      { professionalCourse: true, hireDate: '2010-09-01', priorEnterpriseExperienceMonths: 48 },
      practiceRecord(practices[i].hours, practices[i].periods),
      [DEFAULT_RULE_SET],
      AS_OF,
    );
    samples.push(performance.now() - t0);
    if (answer.compliant) compliant++;
  }
  const total = performance.now() - started;
  const engine = percentiles(samples);
  report('## Engine in memory (answer with lapse date and what is needed)');
  report(`- per teacher: p50 ${ms(engine.p50)}, p95 ${ms(engine.p95)}, p99 ${ms(engine.p99)}, max ${ms(engine.max)}`);
  report(`- all ${TEACHERS} teachers: ${ms(total)} (${compliant} compliant)`);
  report('');

  // 2. The stored service.
  const database = uniqueName('bench_secondment').replace(/-/g, '_');
  const prefix = `${uniqueName('bench')}.`;
  // 200,000 secondments would weigh on the Mongo server other test runs share: a private one by default.
  const privateMongo = process.env.BENCH_SHARED_MONGO === '1' ? undefined : await PrivateMongoServer.start();
  const mongoUri = (db: string) => (privateMongo ? privateMongo.uri(db) : testMongoUri(db));
  const service = await startInProcessService({
    configSchema: TeacherSecondmentConfigSchema,
    rootModule: (config) => TeacherSecondmentModule.forRoot(config),
    env: {
      MONGO_URI: mongoUri(database),
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}teacher-secondment`,
      ADMIN_API_TOKEN: ADMIN,
      CREDENTIAL_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      COMPLIANCE_SWEEP_MS: String(24 * 3_600_000),
      COMPLIANCE_SWEEP_ON_START: 'false',
    },
  });
  const client = await MongoClient.connect(mongoUri(database));
  try {
    const db = client.db(database);
    const seedStart = performance.now();
    const stored = teachers.slice(0, STORED_TEACHERS);
    for (let i = 0; i < stored.length; i += 100) {
      const batch = stored.slice(i, i + 100);
      const secondments = batch.map((t) => secondmentsOf(t.id, t.schoolId, enterprises[t.index % 50], t.index));
      // As the service keeps it: the secondments, and each teacher's practice copied onto the teacher.
      await db.collection('secondments').insertMany(secondments.flat() as never[]);
      await db
        .collection('teachers')
        .insertMany(
          batch.map((t, k) => ({ ...teacherDoc(t.id, t.schoolId, t.index), practice: practiceFrom(secondments[k] as never) })) as never[],
        );
    }
    report(
      `Stored ${stored.length} teachers and ${stored.length * SECONDMENTS} secondments in ${((performance.now() - seedStart) / 1000).toFixed(0)} s.`,
    );
    report('');

    const one: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = stored[(i * 7919) % stored.length];
      const t0 = performance.now();
      const response = await httpJson('GET', `${service.baseUrl}/v1/teachers/${t.id}/compliance?asOf=${AS_OF}`, { token: ADMIN });
      one.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`compliance ${response.status}`);
    }
    const http = percentiles(one);
    report('## One teacher as of a date, through HTTP (auth, one document read, engine)');
    report(`- 200 teachers: p50 ${ms(http.p50)}, p95 ${ms(http.p95)}, p99 ${ms(http.p99)}, max ${ms(http.max)} (target p99 < 200 ms)`);
    report('');

    report(`## A whole school's report (${SCHOOL_SIZE} teachers, now and as of a date, JSON), through HTTP`);
    for (const schoolId of schools.slice(0, Math.min(3, Math.ceil(stored.length / SCHOOL_SIZE)))) {
      const t0 = performance.now();
      const response = await httpJson('GET', `${service.baseUrl}/v1/reports/schools/${schoolId}?asOf=2025-06-30`, { token: ADMIN });
      if (response.status !== 200) throw new Error(`report ${response.status}`);
      report(
        `- school ${schoolId.slice(0, 8)}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${response.body.summary.compliantNow}/${response.body.summary.teachers} compliant (target < 10 s)`,
      );
    }
    report('');

    // 3. Credentials.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const signCount = 2000;
    const s0 = performance.now();
    for (let i = 0; i < signCount; i++) {
      await new SignJWT({ id: `urn:uuid:${randomUUID()}`, type: ['VerifiableCredential', 'OpenBadgeCredential'] })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt' })
        .sign(privateKey);
    }
    const signRate = signCount / ((performance.now() - s0) / 1000);
    const credentials = service.app.get(CredentialsService);
    // A credential signed with the service's active key, so verification runs in full (signature, type, status lookup).
    const { kid, key } = await service.app.get(SigningKeysService).signingKey();
    const jwt = await new SignJWT({
      id: `urn:uuid:${randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7' },
    })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt' })
      .sign(key);
    const verifyCount = 500;
    const v0 = performance.now();
    for (let i = 0; i < verifyCount; i++) await credentials.verify(jwt);
    const verifyRate = verifyCount / ((performance.now() - v0) / 1000);
    report('## Credentials');
    report(`- EdDSA (Ed25519) VC-JOSE signing with jose: ${signRate.toFixed(0)} per second`);
    report(
      `- verification in process, CredentialsService.verify without HTTP (keys from the database, signature, revocation lookup): ${verifyRate.toFixed(0)} per second`,
    );
  } finally {
    await client.close();
    await service.close();
    await privateMongo?.stop();
  }
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${lines.join('\n')}\n`);
  console.log(`\nwritten to ${OUT}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
