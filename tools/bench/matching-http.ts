/**
 * Matching time for N students (default 10,000), two ways on the same synthetic population
 * (synthetic-students.ts):
 *
 *   - over HTTP: `GET /v1/enterprises/:enterpriseId/requisitions/:id/matches` against the running
 *     service, every student a candidate by the service's own rules: a student of a partner school
 *     (an active agreement with the enterprise covering internships), with skills, an availability
 *     window, and consent to `matching` by this enterprise in force;
 *   - in memory: the pure ranking function alone (matching-bench.ts), in the bench process.
 *
 * Seeding: the partners, agreements and the requisition go through the API. Of the students, the
 * first BENCH_MATCH_API_STUDENTS (200) are registered and given consent through the API too
 * (POST /v1/students, POST /v1/students/:id/consents), which measures what seeding all of them
 * that way would take; the rest are inserted directly into `students` and `consents` in the
 * shapes the service writes (StudentDocument, ConsentDocument), because the API path would take
 * minutes on this stack. The first answer is checked against the in-memory ranking of the same
 * population (same `ranked` count), so a seeding mistake cannot go unnoticed.
 */
import { randomUUID } from 'node:crypto';
import type { ConsentDocument } from '../../apps/talent-pipeline/src/consent/consent.document';
import { CandidateProfile, rankCandidates } from '../../apps/talent-pipeline/src/matching/domain/rank-candidates';
import type { StudentDocument } from '../../apps/talent-pipeline/src/students/student.document';
import { ChangeLog } from '@app/persistence';
import { api, BenchContext, GetSeries, insertChunked, interleavedSeries, medianMs, TimedGet } from './context';
import { runPool, sleep } from './lib';
import { InMemoryMatchingResult, measureRanking } from './matching-bench';
import { DEMAND, syntheticStudents } from './synthetic-students';

export interface MatchingSettings {
  students: number;
  schools: number;
  runs: number;
  apiStudents: number;
  inMemoryRuns: number;
  seed: number;
  /** pause after seeding, before timing, so the server's own work on the inserts settles */
  settleMs: number;
}

export interface MatchingResult {
  students: number;
  schools: number;
  seeding: {
    apiStudents: number;
    apiSeconds: number;
    /** POST /v1/students and POST …/consents per second, `concurrency` in flight */
    apiRequestsPerSecond: number;
    /** what seeding every student through the API would have taken at that rate */
    apiEstimateSeconds: number;
    directStudents: number;
    directSeconds: number;
    directDocumentsPerSecond: number;
  };
  /** collection sizes when the matches were timed (the whole database, other phases included) */
  collections: { students: number; consents: number };
  /** `ranked` of the in-memory ranking of the same population: what the endpoint must answer */
  expectedRanked: number;
  /** the default limit (20) */
  http: MatchCall;
  /** the largest limit the endpoint allows (200) */
  httpMaxLimit: MatchCall;
  /** the service's two queries, repeated from the bench process on the same database (median ms) */
  queries: {
    studentsMs: number;
    consentsMs: number;
    studentsReturned: number;
    consentsReturned: number;
    /** the consent query as it was before (`studentId: {$in: [every available student]}`), one run, ms */
    consentsByIdListMs: number;
    consentsByIdListReturned: number;
  };
  inMemory: InMemoryMatchingResult;
  cpu: Record<string, number>;
}

export interface MatchCall {
  limit: number;
  ranked: number;
  partnerSchools: number;
  items: number;
  series: GetSeries;
}

export async function matchingThroughHttp(ctx: BenchContext, settings: MatchingSettings): Promise<MatchingResult> {
  ctx.phase?.(`matching: seeding ${settings.students} students (API and direct inserts), then settle`);
  const enterprise = await api(ctx, 'POST', '/v1/enterprises', { name: 'Bench Matching Motors', country: 'CN' });
  const schools: { id: string }[] = [];
  for (let s = 0; s < settings.schools; s++) {
    const school = await api(ctx, 'POST', '/v1/schools', { name: `Bench Partner College ${s + 1}`, country: 'CN' });
    const agreement = await api(ctx, 'POST', '/v1/agreements', {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships for the bench',
      // wide enough to be in force whatever the machine's clock says
      period: { from: '2025-01-01', to: '2035-12-31' },
      placementKinds: ['internship', 'apprenticeship'],
    });
    await api(ctx, 'POST', `/v1/agreements/${agreement.id}/status`, { to: 'active' });
    schools.push(school);
  }
  const requisition = await api(
    ctx,
    'POST',
    `/v1/enterprises/${enterprise.id}/requisitions`,
    { role: 'CNC operator trainee', skills: DEMAND.skills, headcount: 10, kind: 'internship', period: DEMAND.period, location: 'Suzhou' },
    enterprise.apiKey,
  );

  // The population: ids are given by the service for the API-seeded students, by us for the rest.
  const population: CandidateProfile[] = syntheticStudents(settings.students, settings.seed, () => randomUUID());
  const schoolOf = (i: number) => schools[i % schools.length].id;
  const viaApi = Math.min(settings.apiStudents, settings.students);

  const apiStart = performance.now();
  await runPool(viaApi, ctx.concurrency, async (i) => {
    const profile = population[i];
    const student = await api(ctx, 'POST', '/v1/students', {
      schoolId: schoolOf(i),
      givenName: 'Bench',
      familyName: `Student ${i}`,
      programme: profile.programme,
      cohort: profile.cohort,
      skills: profile.skills,
      availability: profile.availability,
    });
    await api(ctx, 'POST', `/v1/students/${student.id}/consents`, {
      enterpriseId: enterprise.id,
      purpose: 'matching',
      grantedBy: 'student',
    });
    population[i] = { ...profile, studentId: student.id };
  });
  const apiSeconds = (performance.now() - apiStart) / 1000;
  const apiRequestsPerSecond = (2 * viaApi) / apiSeconds;

  const registeredAt = new Date();
  const direct = population.slice(viaApi).map((profile, k) => ({ profile, i: viaApi + k }));
  const students: StudentDocument[] = direct.map(({ profile, i }) => ({
    _id: profile.studentId,
    schoolId: schoolOf(i),
    givenName: 'Bench',
    familyName: `Student ${i}`,
    programme: profile.programme,
    cohort: profile.cohort,
    externalIds: [],
    skills: profile.skills!.map((skill) => ({ ...skill })),
    availability: profile.availability,
    registeredAt,
  }));
  const consents: ConsentDocument[] = direct.map(({ profile, i }) => ({
    _id: randomUUID(),
    studentId: profile.studentId,
    schoolId: schoolOf(i),
    enterpriseId: enterprise.id,
    purpose: 'matching',
    grantedBy: 'student',
    grantedAt: registeredAt,
    recordedBy: 'operator',
  }));
  const directSeconds = (await insertChunked(ctx.db, 'students', students)) + (await insertChunked(ctx.db, 'consents', consents));
  // Written around the service, so recorded as the service records its own writes: every
  // replica's matching pool then reloads (ADR 0060).
  const changes = new ChangeLog(ctx.db);
  await changes.record(
    'students',
    students.map((s) => s._id),
  );
  await changes.record(
    'consents',
    consents.map((c) => c._id),
  );
  ctx.log(
    `  seeded ${viaApi} students + consents through the API in ${apiSeconds.toFixed(1)} s (${apiRequestsPerSecond.toFixed(0)} requests/s), ` +
      `${direct.length} directly in ${directSeconds.toFixed(1)} s`,
  );

  await sleep(settings.settleMs);
  const expectedRanked = rankCandidates(DEMAND, population).total;
  const matchesUrl = `${ctx.baseUrl}/v1/enterprises/${enterprise.id}/requisitions/${requisition.id}/matches`;
  // The default limit (20) and the largest allowed (200), interleaved.
  const limits = [20, 200];
  const answers: { ranked: number; partnerSchools: number }[] = [];
  ctx.phase?.('matching: the GET …/matches requests');
  const cpu = ctx.meter();
  cpu.begin();
  const measured = await interleavedSeries(
    limits.map((limit, i) => ({
      url: `${matchesUrl}?limit=${limit}`,
      token: enterprise.apiKey,
      check: (first: TimedGet) => {
        const answer = JSON.parse(first.body) as { ranked: number; partnerSchools: number };
        if (answer.ranked !== expectedRanked || answer.partnerSchools !== schools.length) {
          throw new Error(
            `the matches endpoint ranked ${answer.ranked} students of ${answer.partnerSchools} partner schools; ` +
              `expected ${expectedRanked} of ${schools.length} (seeding does not make the students candidates)`,
          );
        }
        answers[i] = answer;
      },
    })),
    settings.runs,
  );
  const cpuUse = cpu.end();
  const [http, httpMaxLimit]: MatchCall[] = measured.map(({ series, last }, i) => ({
    limit: limits[i],
    ranked: answers[i].ranked,
    partnerSchools: answers[i].partnerSchools,
    items: (JSON.parse(last.body) as { items: unknown[] }).items.length,
    series,
  }));
  ctx.log(
    `  GET …/matches: ranked ${http.ranked}, p50 ${http.series.ms.p50.toFixed(0)} ms, p99 ${http.series.ms.p99.toFixed(0)} ms (${http.series.bytes} bytes)`,
  );

  ctx.phase?.('matching: the same queries and the ranking in the bench process (the service idle)');
  // The service's two candidate queries, from here, on the same data (see CandidateProfilesRepository, ConsentsRepository).
  let studentsReturned = 0;
  let consentsReturned = 0;
  let availableIds: string[] = [];
  const studentsMs = await medianMs(5, async () => {
    availableIds = (
      await ctx.db
        .collection('students')
        .find(
          {
            schoolId: { $in: schools.map((s) => s.id) },
            'availability.from': { $lte: DEMAND.period.to },
            'availability.to': { $gte: DEMAND.period.from },
          },
          { projection: { _id: 1, programme: 1, cohort: 1, skills: 1, availability: 1 } },
        )
        .toArray()
    ).map((row) => String(row._id));
    studentsReturned = availableIds.length;
  });
  const consentsMs = await medianMs(5, async () => {
    consentsReturned = (
      await ctx.db
        .collection('consents')
        .find(
          { enterpriseId: enterprise.id, purpose: 'matching', withdrawnAt: { $exists: false } },
          { projection: { _id: 0, studentId: 1, enterpriseId: 1, purpose: 1, grantedAt: 1, expiresAt: 1, withdrawnAt: 1 } },
        )
        .toArray()
    ).length;
  });
  let consentsByIdListReturned = 0;
  const consentsByIdListMs = await medianMs(1, async () => {
    consentsByIdListReturned = (
      await ctx.db
        .collection('consents')
        .find({ studentId: { $in: availableIds }, enterpriseId: enterprise.id, purpose: 'matching', withdrawnAt: { $exists: false } })
        .toArray()
    ).length;
  });

  const inMemory = measureRanking(population, DEMAND, settings.inMemoryRuns);
  ctx.log(`  in memory: ranked ${inMemory.ranked}, p50 ${inMemory.ms.p50.toFixed(1)} ms, p99 ${inMemory.ms.p99.toFixed(1)} ms`);

  return {
    students: settings.students,
    schools: schools.length,
    seeding: {
      apiStudents: viaApi,
      apiSeconds,
      apiRequestsPerSecond,
      apiEstimateSeconds: (2 * settings.students) / apiRequestsPerSecond,
      directStudents: direct.length,
      directSeconds,
      directDocumentsPerSecond: (students.length + consents.length) / directSeconds,
    },
    collections: {
      students: await ctx.db.collection('students').estimatedDocumentCount(),
      consents: await ctx.db.collection('consents').estimatedDocumentCount(),
    },
    expectedRanked,
    http,
    httpMaxLimit,
    queries: { studentsMs, consentsMs, studentsReturned, consentsReturned, consentsByIdListMs, consentsByIdListReturned },
    inMemory,
    cpu: cpuUse,
  };
}
