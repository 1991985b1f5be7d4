/**
 * Compliance "as of" and credential figures for the teacher secondment service.
 *
 * 1. The engine in memory: 10,000 teachers with 20 secondments each (8 to 12 countersigned days per
 *    secondment, 2017-2026), the default CN rule set; each teacher's full answer (as-of, credit
 *    by source, lapse date by bisection, what is needed) — per-teacher latency and the total.
 * 2. The stored service: the same data written to the service's Mongo database (teachers and
 *    secondments shaped as the service stores them), the service as its own process from dist/
 *    (as its Deployment runs it, so its peak RSS is reported) on the real Kafka and
 *    Mongo-compatible server; GET /v1/teachers/{id}/compliance for sampled teachers,
 *    and GET /v1/reports/schools/{id} for whole schools (500 teachers each).
 *    The data is written in bulk (insertMany, 50 teachers and their secondments at a time) in
 *    the shapes the service stores, not through the HTTP API: 200,000 secondments through the
 *    API would take hours on a 2-core machine. BENCH_STORED_SECONDMENT_TEACHERS limits the
 *    secondment documents to the first N teachers (the practice copy on every teacher, which is
 *    what the compliance answer reads, is always written). Each school's roster (ADR 0055: the
 *    ids of its teachers and secondments, which the service writes before each insert) is
 *    written with them, as the service would have. The school reports are timed through the
 *    rosters, then once more through the query by schoolId the service used before (the rosters'
 *    build marks removed, which is what the service does on a database whose rosters are not
 *    built yet) with the answers compared, and the rosters' build from the stored documents
 *    (what a service does once at its first start on an existing database) is timed.
 * 3. Credentials through the service's own path, on a second database holding only the compliant
 *    teachers to be granted (see the comment there): each is signalled as changed (what a
 *    countersigned log does), and the service recomputes each, grants the tier, signs the Open Badge (EdDSA), stores it with its events in the outbox, and
 *    the relay publishes credential.issued to Kafka, where this script counts them. Then public
 *    verification over HTTP (POST /v1/credentials/verify: signature against the JWKS, revocation
 *    lookup) of the credentials just issued, one at a time and 4 at a time; raw signing with jose
 *    and in-process verification for comparison.
 *
 * Usage: TEST_KAFKA_BROKERS=… TEST_MONGO_URL=… node -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *          tools/bench/compliance-bench.ts   (BENCH_TEACHERS, BENCH_STORED_TEACHERS, BENCH_STORED_SECONDMENT_TEACHERS,
 *          BENCH_SECONDMENTS, BENCH_SCHOOL_SIZE,
 *          BENCH_ISSUE (credentials issued through the service, default 500), BENCH_OUT;
 *          the data goes to a private Mongo-compatible server unless BENCH_SHARED_MONGO=1)
 * Writes the figures as Markdown to BENCH_OUT (default .bench/compliance-bench.md) and prints them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { generateKeyPair, SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { Topics } from '@app/contracts';
import { httpJson, startInProcessService, PrivateMongoServer, testKafkaBrokers, testMongoUri, uniqueName } from '@app/testing';
import { deployedServiceProcess, freePort } from './lib';
import { peakRssFigure, recordServiceFigures, serviceStartedAs } from './service-figures';
import { assessCompliance } from '../../apps/teacher-secondment/src/compliance/domain/compliance-engine';
import { DEFAULT_RULE_SET } from '../../apps/teacher-secondment/src/compliance/domain/default-rule-set';
import { TeacherSecondmentConfigSchema } from '../../apps/teacher-secondment/src/config/teacher-secondment.config';
import { CredentialsService } from '../../apps/teacher-secondment/src/credentials/credentials.service';
import { practiceFrom } from '../../apps/teacher-secondment/src/secondments/secondments.service';
import { addDays, todayUtc } from '../../apps/teacher-secondment/src/shared/calendar-date';
import { practiceRecord } from '../../apps/teacher-secondment/src/shared/practice-record';
import { PracticeSignal } from '../../apps/teacher-secondment/src/shared/practice-signal';
import { SCHOOL_ROSTER_BUILDS, SCHOOL_ROSTERS, SchoolRoster } from '../../apps/teacher-secondment/src/shared/school-roster';
import { TeacherSecondmentModule } from '../../apps/teacher-secondment/src/teacher-secondment.module';

const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10_000);
const SECONDMENTS = Number(process.env.BENCH_SECONDMENTS ?? 20);
const SCHOOL_SIZE = Number(process.env.BENCH_SCHOOL_SIZE ?? 500);
/** 8 to 12 countersigned days per secondment, so the data holds compliant and lapsed teachers alike. */
const daysPerSecondment = (index: number) => 8 + (index % 5);
/** Teachers written to the database (the engine runs over all of them in memory either way). */
const STORED_TEACHERS = Number(process.env.BENCH_STORED_TEACHERS ?? TEACHERS);
/**
 * Of those, the first N also get their secondment documents (the others only the practice copy on
 * the teacher, which is all the compliance answer and the credentials read). The timed school
 * reports are of the first schools, so N = 3 x BENCH_SCHOOL_SIZE covers them.
 */
const SECONDMENT_TEACHERS = Math.min(STORED_TEACHERS, Number(process.env.BENCH_STORED_SECONDMENT_TEACHERS ?? STORED_TEACHERS));
const OUT = process.env.BENCH_OUT ?? '.bench/compliance-bench.md';
/** Credentials issued through the service's own path (recompute, grant, sign, store, publish). */
const ISSUE = Number(process.env.BENCH_ISSUE ?? 500);
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

/** The service's settings here: its idle outbox poll and compliance sweep off (see below). */
function serviceEnv(mongoUri: string, prefix: string): Record<string, string> {
  return {
    MONGO_URI: mongoUri,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}teacher-secondment`,
    ADMIN_API_TOKEN: ADMIN,
    CREDENTIAL_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    COMPLIANCE_SWEEP_MS: String(24 * 3_600_000),
    COMPLIANCE_SWEEP_ON_START: 'false',
    // The relay still drains after every write that queues an event; only the idle poll is off, so no search runs
    // while reads are timed (before ADR 0057 the stand-in answered each by scanning every teacher and secondment).
    OUTBOX_POLL_MS: String(3_600_000),
  };
}

/** The service in this process, for the credentials, which reach into its providers. */
function startService(mongoUri: string, prefix: string) {
  return startInProcessService({
    configSchema: TeacherSecondmentConfigSchema,
    rootModule: (config) => TeacherSecondmentModule.forRoot(config),
    env: serviceEnv(mongoUri, prefix),
  });
}

/** The service as its own process, as its Deployment runs it, so its memory can be read (ADR 0056). */
async function startServiceProcess(mongoUri: string, prefix: string) {
  const service = deployedServiceProcess('teacher-secondment', await freePort(), { ...serviceEnv(mongoUri, prefix), LOG_LEVEL: 'warn' });
  await service.start();
  return service;
}

async function main() {
  const schools = Array.from({ length: Math.ceil(TEACHERS / SCHOOL_SIZE) }, () => randomUUID());
  const enterprises = Array.from({ length: 50 }, () => randomUUID());
  const teachers = Array.from({ length: TEACHERS }, (_, i) => ({
    id: randomUUID(),
    schoolId: schools[Math.floor(i / SCHOOL_SIZE)],
    index: i,
  }));

  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
  report(`# Compliance bench (${new Date().toISOString()})`);
  report('');
  report(`Load average (1/5/15 min) at the start: ${load()}.`);
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
  /** Dropped at the end: on a shared server (BENCH_SHARED_MONGO=1) each run's data would otherwise stay and fill its heap. */
  const databases = [database];
  const prefix = `${uniqueName('bench')}.`;
  // 200,000 secondments would weigh on the Mongo server other test runs share: a private one by default.
  const privateMongo = process.env.BENCH_SHARED_MONGO === '1' ? undefined : await PrivateMongoServer.start();
  const mongoUri = (db: string) => (privateMongo ? privateMongo.uri(db) : testMongoUri(db));
  const service = await startServiceProcess(mongoUri(database), prefix);
  // The stand-in runs one command at a time: a long insertMany must not look like a dead server to the driver's monitor.
  const client = await MongoClient.connect(mongoUri(database), {
    connectTimeoutMS: 180_000,
    socketTimeoutMS: 0,
    serverSelectionTimeoutMS: 180_000,
    heartbeatFrequencyMS: 60_000,
  });
  try {
    const db = client.db(database);
    // The service marks its (still empty) rosters built at start; the seeding below writes each roster entry as the service would.
    while ((await db.collection(SCHOOL_ROSTER_BUILDS).countDocuments()) < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    const seedStart = performance.now();
    const stored = teachers.slice(0, STORED_TEACHERS);
    for (let i = 0; i < stored.length; i += 50) {
      const batch = stored.slice(i, i + 50);
      const secondments = batch.map((t) => secondmentsOf(t.id, t.schoolId, enterprises[t.index % 50], t.index));
      // As the service keeps it: the secondments, and each teacher's practice copied onto the teacher.
      const withDocuments = secondments.filter((_, k) => batch[k].index < SECONDMENT_TEACHERS);
      // The roster entries first, as the service writes them (ADR 0055): each school's teacher and secondment ids.
      const rosterEntries = new Map<string, { teachers: string[]; secondments: string[] }>();
      batch.forEach((t, k) => {
        const entry = rosterEntries.get(t.schoolId) ?? { teachers: [], secondments: [] };
        entry.teachers.push(t.id);
        if (t.index < SECONDMENT_TEACHERS) entry.secondments.push(...secondments[k].map((s) => s._id));
        rosterEntries.set(t.schoolId, entry);
      });
      await db.collection<{ _id: string }>(SCHOOL_ROSTERS).bulkWrite(
        [...rosterEntries].map(([schoolId, entry]) => ({
          updateOne: {
            filter: { _id: schoolId },
            update: { $addToSet: { teachers: { $each: entry.teachers }, secondments: { $each: entry.secondments } } },
            upsert: true,
          },
        })) as never[],
      );
      if (withDocuments.length) await db.collection('secondments').insertMany(withDocuments.flat() as never[]);
      await db
        .collection('teachers')
        .insertMany(
          batch.map((t, k) => ({ ...teacherDoc(t.id, t.schoolId, t.index), practice: practiceFrom(secondments[k] as never) })) as never[],
        );
    }
    report(
      `Stored ${stored.length} teachers, each with the practice of its ${SECONDMENTS} secondments copied on it (what the compliance answer reads), the ${SECONDMENT_TEACHERS * SECONDMENTS} secondment documents of the first ${SECONDMENT_TEACHERS} teachers and each school's roster of their ids, in ${((performance.now() - seedStart) / 1000).toFixed(0)} s (insertMany of 50 teachers and their secondments at a time, the documents the service writes; load ${load()}).`,
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
    const storedHow = `${stored.length} stored teachers (${SECONDMENTS} secondments each), ${serviceStartedAs()}`;
    recordServiceFigures([
      {
        name: 'one teacher compliance as of a date over HTTP, p99',
        value: http.p99,
        unit: 'ms',
        better: 'lower',
        how: `GET /v1/teachers/{id}/compliance?asOf=…, 200 sampled of ${storedHow}`,
      },
    ]);
    report('## One teacher as of a date, through HTTP (auth, one document read, engine)');
    report(`- 200 teachers: p50 ${ms(http.p50)}, p95 ${ms(http.p95)}, p99 ${ms(http.p99)}, max ${ms(http.max)} (target p99 < 200 ms)`);
    report('');

    report(`## A whole school's report (${SCHOOL_SIZE} teachers, now and as of a date, JSON), through HTTP`);
    const reportSchool = async (schoolId: string) => {
      const t0 = performance.now();
      const response = await httpJson('GET', `${service.baseUrl}/v1/reports/schools/${schoolId}?asOf=2025-06-30`, { token: ADMIN });
      if (response.status !== 200) throw new Error(`report ${response.status}`);
      return { seconds: (performance.now() - t0) / 1000, body: response.body };
    };
    const timedSchools = schools.slice(0, Math.min(3, Math.floor(SECONDMENT_TEACHERS / SCHOOL_SIZE)));
    const viaRoster = new Map<string, unknown>();
    const reportSeconds: number[] = [];
    for (const schoolId of timedSchools) {
      const { seconds, body } = await reportSchool(schoolId);
      viaRoster.set(schoolId, body);
      reportSeconds.push(seconds);
      report(
        `- school ${schoolId.slice(0, 8)}, through its roster (teachers and secondments read by _id): ${seconds.toFixed(2)} s, ${body.summary.compliantNow}/${body.summary.teachers} compliant, ${body.hostedByEnterprise.reduce((n: number, e: { secondments: number }) => n + e.secondments, 0)} secondments (target < 10 s)`,
      );
    }
    if (reportSeconds.length) {
      recordServiceFigures([
        {
          name: 'school compliance report over HTTP, slowest',
          value: Math.max(...reportSeconds) * 1000,
          unit: 'ms',
          better: 'lower',
          how: `GET /v1/reports/schools/{id} through the rosters, ${reportSeconds.length} schools of ${SCHOOL_SIZE} teachers and ${SCHOOL_SIZE * SECONDMENTS} secondments; ${storedHow}`,
        },
      ]);
    }
    if (timedSchools.length) {
      const [schoolId] = timedSchools;
      // Where the time went before: the same school's teachers by schoolId (every teacher document read on the stand-in) and by _id.
      const teacherIds = teachers.filter((t) => t.schoolId === schoolId).map((t) => t.id);
      const q0 = performance.now();
      const bySchool = await db
        .collection('teachers')
        .find({ schoolId }, { projection: { _id: 1 } })
        .toArray();
      const q1 = performance.now();
      const byId = await db
        .collection<{ _id: string }>('teachers')
        .find({ _id: { $in: teacherIds } }, { projection: { _id: 1 } })
        .toArray();
      const q2 = performance.now();
      report(
        `- the same school's teachers read directly (only _id returned): find({schoolId}) ${((q1 - q0) / 1000).toFixed(2)} s for ${bySchool.length}; find({_id: {$in: ${teacherIds.length} ids}}) ${((q2 - q1) / 1000).toFixed(2)} s for ${byId.length}`,
      );
      // The path the service takes while its rosters are not built (and took before they existed): by schoolId.
      const marks = await db.collection(SCHOOL_ROSTER_BUILDS).find().toArray();
      await db.collection(SCHOOL_ROSTER_BUILDS).deleteMany({});
      const viaQuery = await reportSchool(schoolId);
      await db.collection(SCHOOL_ROSTER_BUILDS).insertMany(marks);
      const same = isDeepStrictEqual(viaQuery.body, viaRoster.get(schoolId));
      report(
        `- school ${schoolId.slice(0, 8)} through the query by schoolId (the path before rosters): ${viaQuery.seconds.toFixed(2)} s; answer ${same ? 'identical to' : 'DIFFERENT from'} the roster's`,
      );
      if (!same) throw new Error('the report through the roster differs from the report through the query by schoolId');
      // The rosters built from the stored documents, as a service does at its first start on a database stored before them.
      await db.collection(SCHOOL_ROSTERS).drop();
      await db.collection(SCHOOL_ROSTER_BUILDS).drop();
      const b0 = performance.now();
      const builtTeachers = await new SchoolRoster(db, 'teachers').build();
      const b1 = performance.now();
      const builtSecondments = await new SchoolRoster(db, 'secondments').build();
      const b2 = performance.now();
      const rebuilt = await reportSchool(schoolId);
      const sameAgain = isDeepStrictEqual(rebuilt.body, viaRoster.get(schoolId));
      report(
        `- the rosters built from the stored documents (once per database, in the background at start): teachers ${((b1 - b0) / 1000).toFixed(1)} s (${builtTeachers} read), secondments ${((b2 - b1) / 1000).toFixed(1)} s (${builtSecondments} read); then the report ${rebuilt.seconds.toFixed(2)} s, answer ${sameAgain ? 'identical' : 'DIFFERENT'}`,
      );
      if (!sameAgain) throw new Error('the report through the built roster differs');
    }
    const peak = service.peakRssMiB();
    recordServiceFigures(
      peakRssFigure(
        'teacher secondment',
        peak,
        `VmHWM of the service process through the seeding, 200 "as of" reads and ${reportSeconds.length ? reportSeconds.length + 2 : 0} school reports; ${storedHow}`,
      ),
    );
    report(
      `- the service's peak RSS (VmHWM) through the seeding and the reads above: ${peak === undefined ? 'n/a' : `${peak.toFixed(0)} MiB`} (${serviceStartedAs()})`,
    );
    report('');

    // 3. Credentials through the service: grant -> sign -> store (with the events in the outbox) -> publish.
    // On a database of their own holding only the teachers to be granted: with 10,000 teachers in the stand-in before it
    // kept secondary indexes (ADR 0057), every relay pass after a write scanned all teacher documents (6 to 8 s each), and
    // that, not the service's path, set the pace (6 credentials in 5 minutes).
    const today = todayUtc();
    const grantable: { id: string; schoolId: string; index: number; practice: ReturnType<typeof practiceFrom> }[] = [];
    for (const t of stored) {
      if (grantable.length >= ISSUE) break;
      const practice = practiceFrom(secondmentsOf(t.id, t.schoolId, enterprises[t.index % 50], t.index) as never);
      const teacher = { professionalCourse: true, hireDate: '2010-09-01', priorEnterpriseExperienceMonths: 48 };
      if (assessCompliance(teacher, practiceRecord(practice.hours, practice.periods), [DEFAULT_RULE_SET], today).compliant) {
        grantable.push({ ...t, practice });
      }
    }
    const issueDatabase = uniqueName('bench_issue').replace(/-/g, '_');
    databases.push(issueDatabase);
    const issuePrefix = `${uniqueName('bench-issue')}.`;
    const issueDb = client.db(issueDatabase);
    await issueDb
      .collection('teachers')
      .insertMany(grantable.map((t) => ({ ...teacherDoc(t.id, t.schoolId, t.index), practice: t.practice })) as never[]);
    const issuer = await startService(mongoUri(issueDatabase), issuePrefix);
    try {
      const wanted = new Set<string>(grantable.map((t) => t.id));
      const published = new Map<string, string>();
      const consumer = new Kafka({
        clientId: uniqueName('bench-cred'),
        brokers: testKafkaBrokers().split(','),
        logLevel: logLevel.NOTHING,
      }).consumer({
        groupId: uniqueName('bench-cred'),
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [`${issuePrefix}${Topics.credentials}`], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.headers?.ce_type?.toString() !== 'credential.issued.v1' || !message.value) return;
          const data = JSON.parse(message.value.toString()) as { teacherId: string; credentialId: string };
          if (wanted.has(data.teacherId)) published.set(data.teacherId, data.credentialId);
        },
      });
      const credentialDocs = issueDb.collection<{ _id: string; teacherId: string; jwt: string }>('credentials');
      const signal = issuer.app.get(PracticeSignal);
      const i0 = performance.now();
      for (const t of grantable) signal.changed(t.id);
      let storedAt = 0;
      const deadline = Date.now() + 15 * 60_000;
      while (published.size < grantable.length) {
        if (Date.now() > deadline)
          throw new Error(`only ${published.size} of ${grantable.length} credential.issued events within 15 minutes`);
        if (!storedAt && (await credentialDocs.countDocuments({ status: 'active' })) >= grantable.length) storedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const publishedAt = performance.now();
      storedAt ||= publishedAt;
      await consumer.disconnect();
      const issueSeconds = (publishedAt - i0) / 1000;
      report('## Credentials');
      report(
        `- issued through the service (a database of ${grantable.length} compliant teachers, each signalled as changed: recompute, tier granted, Open Badge signed, stored with its events, credential.issued published to Kafka and consumed here): ${(grantable.length / issueSeconds).toFixed(1)} per second (${issueSeconds.toFixed(1)} s until the last event was consumed; all stored after ${((storedAt - i0) / 1000).toFixed(1)} s; load ${load()})`,
      );

      const jwts = (await credentialDocs.find({ teacherId: { $in: [...wanted] } }).toArray()).map((c) => c.jwt);
      const verifyOverHttp = async (count: number, parallel: number) => {
        let next = 0;
        const latencies: number[] = [];
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            while (next < count) {
              const jwt = jwts[next++ % jwts.length];
              const r0 = performance.now();
              const response = await httpJson('POST', `${issuer.baseUrl}/v1/credentials/verify`, { body: { jwt } });
              latencies.push(performance.now() - r0);
              if (response.status !== 200 || response.body.valid !== true)
                throw new Error(`verify ${response.status} ${JSON.stringify(response.body)}`);
            }
          }),
        );
        return { rate: count / ((performance.now() - t0) / 1000), ...percentiles(latencies) };
      };
      for (const parallel of [1, 4]) {
        const v = await verifyOverHttp(500, parallel);
        if (parallel === 4) {
          recordServiceFigures([
            {
              name: 'credential verification over HTTP, 4 at a time',
              value: v.rate,
              unit: 'per second',
              better: 'higher',
              how: `POST /v1/credentials/verify, 500 requests over ${ISSUE} credentials issued through the service`,
            },
          ]);
        }
        report(
          `- public verification over HTTP (POST /v1/credentials/verify, ${parallel} at a time, 500 requests over the credentials just issued): ${v.rate.toFixed(0)} per second (p50 ${ms(v.p50)}, p99 ${ms(v.p99)})`,
        );
      }

      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const signCount = 2000;
      const s0 = performance.now();
      for (let i = 0; i < signCount; i++) {
        await new SignJWT({ id: `urn:uuid:${randomUUID()}`, type: ['VerifiableCredential', 'OpenBadgeCredential'] })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt' })
          .sign(privateKey);
      }
      const signRate = signCount / ((performance.now() - s0) / 1000);
      const credentials = issuer.app.get(CredentialsService);
      const verifyCount = 500;
      const v0 = performance.now();
      for (let i = 0; i < verifyCount; i++) await credentials.verify(jwts[i % jwts.length]);
      const verifyRate = verifyCount / ((performance.now() - v0) / 1000);
      report(`- for comparison, raw EdDSA (Ed25519) VC-JOSE signing with jose, nothing stored: ${signRate.toFixed(0)} per second`);
      report(
        `- for comparison, verification in process, CredentialsService.verify without HTTP (keys from the database, signature, revocation lookup): ${verifyRate.toFixed(0)} per second`,
      );
      report('');
    } finally {
      await issuer.close();
    }
    report(`Load average at the end: ${load()}.`);
  } finally {
    await service.stop();
    for (const name of databases) {
      // A server that is gone (the run's error) must not hide that error behind this one.
      await client
        .db(name)
        .dropDatabase()
        .catch((error: Error) => console.warn(`could not drop ${name}: ${error.message}`));
    }
    await client.close();
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
