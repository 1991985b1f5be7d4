/**
 * Latency of the links across the programmes, end to end through the three services running as
 * processes from dist/ (as in production) on a Kafka broker and Mongo-compatible server that are
 * already running:
 *   - R&D hours -> compliance: a teacher's hours logged in rd-collaboration (HTTP 201) until the
 *     secondment service's compliance for the teacher shows them credited (outbox relay, Kafka,
 *     the secondment service's consumer, its recompute);
 *   - ERP hire -> "led to a hire": a signed ERP hire posted to the talent pipeline (HTTP 202)
 *     until rd-collaboration's project shows the placement hired (ERP inbox, talent pipeline
 *     outbox, talent.placement-outcome.v1, rd-collaboration's consumer).
 * Prints p50/p95/max per link, and each service's peak RSS (each started as its Deployment runs it).
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/rd-links-bench.ts
 *
 * Environment: TEST_KAFKA_BROKERS (127.0.0.1:19092), TEST_MONGO_URL (mongodb://127.0.0.1:27018),
 * RD_LINKS_BENCH_RUNS (10), RD_LINKS_BENCH_PORT (65300). Build first (npm run build).
 */
import { performance } from 'node:perf_hooks';
import {
  e2eServiceEnv,
  e2eTalentPipelineEnv,
  erpHireEvent,
  postErpEvents,
  getOk as get,
  postOk as post,
  uniqueName,
  waitFor,
} from '@app/testing';
import { deployedServiceProcess } from './lib';
import { serviceStartedAs } from './service-figures';

const ADMIN = 'rd-links-bench-admin-token-0123456789';
const runs = Number(process.env.RD_LINKS_BENCH_RUNS ?? 10);
const port = Number(process.env.RD_LINKS_BENCH_PORT ?? 65_300);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${sorted.length} runs)`,
  );
};

async function main(): Promise<void> {
  const prefix = `${uniqueName('rdlinks')}.`;
  const env = (service: string) => ({ ...e2eServiceEnv(prefix, service), ADMIN_API_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
  const talent = deployedServiceProcess('talent-pipeline', port, { ...e2eTalentPipelineEnv(prefix, ADMIN), LOG_LEVEL: 'warn' });
  const secondment = deployedServiceProcess('teacher-secondment', port + 1, env('teacher-secondment'));
  const rd = deployedServiceProcess('rd-collaboration', port + 2, env('rd-collaboration'));
  await Promise.all([talent.start(), secondment.start(), rd.start()]);
  const [t, s, r] = [talent.baseUrl, secondment.baseUrl, rd.baseUrl];
  try {
    const school = await post(`${t}/v1/schools`, ADMIN, { name: 'Bench Polytechnic', country: 'CN' });
    const enterprise = await post(`${t}/v1/enterprises`, ADMIN, { name: 'Bench Robotics', country: 'CN' });
    const agreement = await post(`${t}/v1/agreements`, ADMIN, {
      schoolId: school.id,
      enterpriseId: enterprise.id,
      scope: 'Internships, teacher practice and joint R&D',
      period: { from: day(-365), to: day(730) },
      placementKinds: ['internship'],
    });
    await post(`${t}/v1/agreements/${agreement.id}/status`, ADMIN, { to: 'active' });
    for (const base of [s, r]) {
      await waitFor(
        'the agreement copy',
        async () => (await get(`${base}/v1/agreements?schoolId=${school.id}`, ADMIN)).items.some((a: any) => a.status === 'active'),
        { timeoutMs: 60_000 },
      );
    }
    const rdSchool = (await post(`${r}/v1/access-keys`, ADMIN, { role: 'school', schoolId: school.id, label: 'bench' })).apiKey;
    const rdEnterprise = (await post(`${r}/v1/access-keys`, ADMIN, { role: 'enterprise', enterpriseId: enterprise.id, label: 'bench' }))
      .apiKey;
    const tsSchool = (await post(`${s}/v1/access/keys`, ADMIN, { role: 'school', partnerId: school.id })).apiKey;
    const teacher = await post(`${s}/v1/teachers`, tsSchool, {
      displayName: 'Bench Teacher',
      subject: 'Mechatronics',
      professionalCourse: true,
      hireDate: '2015-09-01',
      priorEnterpriseExperienceMonths: 0,
    });

    const challenge = await post(`${r}/v1/challenges`, rdEnterprise, {
      kind: 'product-rd',
      title: 'Bench challenge',
      summary: 's',
      problem: 'p',
      budgetRange: { currency: 'CNY', minMinor: 1, maxMinor: 100_000_000 },
      deadline: day(30),
      confidentiality: 'public',
      rubric: [{ criterionId: 'fit', name: 'Fit', weight: 1 }],
    });
    const proposal = await post(`${r}/v1/challenges/${challenge.id}/proposals`, rdSchool, {
      title: 'Bench proposal',
      approach: 'a',
      team: [{ kind: 'teacher', personId: teacher.id, name: 'T', role: 'PI' }],
      plan: [{ title: 'p', weeks: 1 }],
      budget: { currency: 'CNY', amountMinor: 1_000_000 },
    });
    for (const to of ['qualified', 'shortlisted', 'selected']) await post(`${r}/v1/proposals/${proposal.id}/stage`, rdEnterprise, { to });
    const project = await post(`${r}/v1/projects`, rdEnterprise, {
      proposalId: proposal.id,
      terms: {
        ip: { ownership: 'joint', licence: 'l', revenueShare: { enterpriseBasisPoints: 5000, schoolBasisPoints: 5000 } },
        budget: { currency: 'CNY', amountMinor: 1_000_000 },
        confidentiality: 'public',
        period: { start: day(-60), end: day(60) },
      },
      pledges: [
        { side: 'enterprise', kind: 'funding', form: 'cash', amount: { currency: 'CNY', amountMinor: 1_000_000 }, description: 'grant' },
      ],
    });
    const joined = await post(`${r}/v1/projects/${project.id}/participants`, rdSchool, {
      kind: 'teacher',
      personId: teacher.id,
      name: 'T',
      role: 'PI',
    });
    const participationId = joined.participants[0].participationId;

    // R&D hours -> compliance recomputed: one 8-hour day per run, each a new credited day.
    const hoursLatency: number[] = [];
    for (let i = 0; i < runs; i++) {
      const before = (await get(`${s}/v1/teachers/${teacher.id}/compliance`, tsSchool)).credited?.bySource?.rd ?? 0;
      const started = performance.now();
      await post(`${r}/v1/projects/${project.id}/participants/${participationId}/hours`, rdSchool, {
        date: day(-1 - i),
        hours: 8,
        activity: 'bench',
      });
      await waitFor(
        'the credit',
        async () => ((await get(`${s}/v1/teachers/${teacher.id}/compliance`, tsSchool)).credited?.bySource?.rd ?? 0) > before,
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      hoursLatency.push(performance.now() - started);
    }

    // ERP hire -> the R&D project records "led to a hire": a new participating student per run.
    const hireLatency: number[] = [];
    for (let i = 0; i < runs; i++) {
      const student = await post(`${t}/v1/students`, ADMIN, {
        schoolId: school.id,
        givenName: 'Bench',
        familyName: `Student ${i}`,
        programme: 'mechatronics',
        cohort: '2025',
      });
      await post(`${r}/v1/projects/${project.id}/participants`, rdSchool, {
        kind: 'student',
        personId: student.id,
        name: `S${i}`,
        role: 'intern',
      });
      await post(`${t}/v1/students/${student.id}/consents`, ADMIN, {
        enterpriseId: enterprise.id,
        purpose: 'placement',
        grantedBy: 'student',
      });
      const placement = await post(`${t}/v1/placements`, ADMIN, {
        studentId: student.id,
        enterpriseId: enterprise.id,
        kind: 'internship',
        role: 'intern',
        startDate: day(0),
      });
      for (const to of ['offered', 'accepted']) await post(`${t}/v1/placements/${placement.id}/transitions`, ADMIN, { to });
      for (const party of ['school', 'enterprise', 'student'])
        await post(`${t}/v1/placements/${placement.id}/agreement/signatures`, ADMIN, { party, signedBy: party });
      await post(`${t}/v1/placements/${placement.id}/transitions`, ADMIN, { to: 'active' });
      await waitFor(
        'the placement link',
        async () =>
          (await get(`${r}/v1/projects/${project.id}`, rdEnterprise)).placementLinks.some((l: any) => l.placementId === placement.id),
        { timeoutMs: 60_000 },
      );
      const started = performance.now();
      const answer = await postErpEvents({
        baseUrl: t,
        enterpriseId: enterprise.id,
        secret: enterprise.erpSigningSecret,
        body: erpHireEvent({ placementId: placement.id, position: { title: 'Technician' }, hireDate: day(7) }),
      });
      if (answer.status >= 300) throw new Error(`ERP hire: ${answer.status} ${JSON.stringify(answer.body)}`);
      await waitFor(
        'led to a hire',
        async () =>
          (await get(`${r}/v1/projects/${project.id}`, rdEnterprise)).placementLinks.some(
            (l: any) => l.placementId === placement.id && l.ledToHire,
          ),
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      hireLatency.push(performance.now() - started);
    }

    summary('R&D hours logged -> credited in the teacher compliance (rd-collaboration -> teacher-secondment)', hoursLatency);
    summary('ERP hire posted -> R&D project shows "led to a hire" (talent-pipeline -> rd-collaboration)', hireLatency);
    for (const service of [talent, secondment, rd]) {
      const peak = service.peakRssMiB();
      console.log(
        `${service.service} peak RSS over the run (${serviceStartedAs()}): ${peak === undefined ? 'n/a' : `${peak.toFixed(0)} MiB`}`,
      );
    }
  } finally {
    await Promise.all([talent.stop(), secondment.stop(), rd.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
