import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  activateAgreement,
  erpHireEvent,
  grantPlacementConsent,
  httpJson,
  postErpEvents,
  PrivateKafkaBroker,
  PrivateMongoServer,
  ServiceProcess,
  uniqueName,
  waitFor,
  WebhookReceiver,
} from '@app/testing';

/**
 * The chaos scenario: hires posted by an ERP that retries like a real one (same event id until
 * it gets a 202) while faults hit every part in turn, `rounds` times — kill -9 of the talent
 * pipeline, a database restart, kill -9 of the secondment service (probed by a school registered
 * while it is down), kill -9 of the R&D service, a broker restart. Then it counts what arrived where:
 * at the school's webhook receiver, in the school's pull feed, on the placements and in the R&D
 * service's scorecard (a consumer of the outcome topic). 0 lost and 0 doubled is the bar.
 *
 * It runs on a Kafka broker and a Mongo-compatible server of its own (PrivateKafkaBroker,
 * PrivateMongoServer), so restarting them does not disturb anything else using the shared stack.
 */
export interface ChaosOptions {
  hires: number;
  /** Pause between two hires posted by the ERP. */
  paceMs: number;
  /** How long the broker and the database stay down. */
  outageMs: number;
  /** How many times the whole series of faults hits, spread over the run (default 1). */
  rounds?: number;
  log?: (line: string) => void;
}

export type FaultKind =
  'kill -9 talent-pipeline' | 'restart broker' | 'restart database' | 'kill -9 teacher-secondment' | 'kill -9 rd-collaboration';

export interface FaultRecord {
  fault: FaultKind;
  /** Hires the ERP had posted when the fault started. */
  afterHires: number;
  /** How long the part was down (kill -9: until the new process answered ready). */
  downMs: number;
  /** From the end of the fault until the part hit applied an outcome again (0-ish when nothing was pending). */
  recoveryMs: number;
}

export interface ChaosReport {
  hires: number;
  faults: FaultRecord[];
  /** Requests the ERP had to retry (connection refused, 5xx) before a 202. */
  erpRetries: number;
  /** 202 answers saying the event was a duplicate of one already accepted. */
  erpDuplicates: number;
  webhook: { lost: number; doubled: number; redeliveredSameId: number };
  feed: { lost: number; doubled: number };
  placements: { lost: number; doubled: number };
  scorecard: { hiresCounted: number };
  /** Schools registered after each secondment kill (its recovery probe) that its partner copy lacks at the end. */
  secondmentCopies: { probes: number; lost: number };
  /** From the first hire posted to the last outcome counted everywhere. */
  durationMs: number;
}

export const ADMIN = `chaos-admin-${randomBytes(8).toString('hex')}`;
// The broker goes last in a round: while it is down the ERP's posts still succeed (the inbox is
// in the database), so an earlier broker outage would let the ERP finish before the other faults.
export const FAULTS: FaultKind[] = [
  'kill -9 talent-pipeline',
  'restart database',
  'kill -9 teacher-secondment',
  'kill -9 rd-collaboration',
  'restart broker',
];

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const schedule = Array.from({ length: options.rounds ?? 1 }, () => FAULTS).flat();
  if (options.hires < schedule.length + 1 || options.hires > 200) {
    throw new Error(`hires must be between ${schedule.length + 1} and 200 for ${options.rounds ?? 1} round(s) of faults`);
  }
  const log = options.log ?? (() => undefined);
  const mongo = await PrivateMongoServer.start();
  const broker = await PrivateKafkaBroker.start();
  const receiver = new WebhookReceiver();
  const prefix = `${uniqueName('chaos')}.`;
  // Below 32768 (never an ephemeral client port), apart from the e2e suites' ranges.
  const basePort = 28_000 + Math.floor(Math.random() * 1000) * 3;
  const serviceEnv = (service: string) => ({
    MONGO_URI: mongo.uri(`${prefix.replace(/[.-]/g, '_')}${service.replace(/-/g, '_')}`),
    KAFKA_BROKERS: broker.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}${service}`,
    OUTBOX_POLL_MS: '250',
    KAFKA_SESSION_TIMEOUT_MS: '8000',
    ADMIN_API_TOKEN: ADMIN,
  });
  const talentEnv = {
    ...serviceEnv('talent-pipeline'),
    WEBHOOK_RETRY_SCHEDULE: '300ms,600ms,1s,2s,4s,8s',
    WEBHOOK_POLL_MS: '100',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const rdEnv = serviceEnv('rd-collaboration');
  const secondmentEnv = {
    ...serviceEnv('teacher-secondment'),
    PUBLIC_BASE_URL: `http://127.0.0.1:${basePort + 2}`,
    CREDENTIAL_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  let talent = new ServiceProcess('talent-pipeline', basePort, talentEnv);
  let rd = new ServiceProcess('rd-collaboration', basePort + 1, rdEnv);
  let secondment = new ServiceProcess('teacher-secondment', basePort + 2, secondmentEnv);
  const probes: string[] = [];
  try {
    await Promise.all([talent.start(), rd.start(), secondment.start()]);
    const t = () => talent.baseUrl;
    const admin = { token: ADMIN };

    // ---------------------------------------------------------------- partners, N active placements
    const school = (await httpJson('POST', `${t()}/v1/schools`, { ...admin, body: { name: 'Chaos Vocational', country: 'CN' } })).body;
    const enterprise = (await httpJson('POST', `${t()}/v1/enterprises`, { ...admin, body: { name: 'Chaos Cranes', country: 'CN' } })).body;
    await activateAgreement({ baseUrl: t(), adminToken: ADMIN, schoolId: school.id, enterpriseId: enterprise.id });
    const placements: string[] = [];
    for (let start = 0; start < options.hires; start += 8) {
      const batch = Array.from({ length: Math.min(8, options.hires - start) }, (_, i) =>
        activePlacement(t(), school.id, enterprise.id, start + i),
      );
      placements.push(...(await Promise.all(batch)));
    }
    const url = await receiver.start();
    const subscribed = await httpJson('POST', `${t()}/v1/schools/${school.id}/webhook-subscriptions`, {
      token: school.apiKey,
      body: { url, eventTypes: ['talent.placement.hired.v1'] },
    });
    if (subscribed.status !== 201) throw new Error(`subscription: ${subscribed.status} ${JSON.stringify(subscribed.body)}`);
    log(`seeded ${placements.length} active placements`);

    // ---------------------------------------------------------------- the ERP, retrying until 202
    let posted = 0;
    let erpRetries = 0;
    let erpDuplicates = 0;
    const startedAt = Date.now();
    const erp = (async () => {
      for (const [i, placementId] of placements.entries()) {
        const hire = erpHireEvent(
          { placementId, position: { title: 'Crane operator' }, hireDate: '2026-09-01' },
          `chaos-hire-${i}`,
          'urn:erp:chaos',
        );
        for (;;) {
          const answer = await postErpEvents({
            baseUrl: t(),
            enterpriseId: enterprise.id,
            secret: enterprise.erpSigningSecret,
            body: hire,
          }).catch(() => undefined);
          if (answer?.status === 202) {
            if (answer.body?.duplicates > 0) erpDuplicates++;
            break;
          }
          erpRetries++;
          await sleep(250);
        }
        posted++;
        await sleep(options.paceMs);
      }
    })();

    // ---------------------------------------------------------------- faults, spread over the run
    const hiredCount = async () => {
      // Hires are at most 200 (the list's page size), so one page counts them all.
      const answer = await httpJson('GET', `${t()}/v1/placements?status=hired&limit=200`, admin).catch(() => undefined);
      return answer?.status === 200 ? (answer.body.items as unknown[]).length : -1;
    };
    const scorecardHires = async () => {
      const card = await httpJson('GET', `${rd.baseUrl}/v1/scorecards/${school.id}/${enterprise.id}`, admin).catch(() => undefined);
      return card?.status === 200 ? Number(card.body.totals?.hires ?? 0) : -1;
    };
    /** The secondment service's copy of a school registered now (it is not on the hire path, so a new partner probes it). */
    const secondmentCopies = async (schoolIds: string[]) => {
      let copied = 0;
      for (const id of schoolIds) {
        const copy = await httpJson('GET', `${secondment.baseUrl}/v1/partners/${id}`, admin).catch(() => undefined);
        if (copy?.status === 200) copied++;
      }
      return copied;
    };
    const faults: FaultRecord[] = [];
    for (const [index, fault] of schedule.entries()) {
      const due = Math.floor(((index + 1) * options.hires) / (schedule.length + 1));
      await waitFor(`hire ${due} to be posted`, () => posted >= due, { timeoutMs: 300_000, intervalMs: 50 });
      const afterHires = posted;
      const downAt = Date.now();
      log(`fault: ${fault} after ${afterHires} hires`);
      if (fault === 'kill -9 talent-pipeline') {
        await talent.crash();
        talent = new ServiceProcess('talent-pipeline', basePort, talentEnv);
        await talent.start();
      } else if (fault === 'kill -9 rd-collaboration') {
        await rd.crash();
        rd = new ServiceProcess('rd-collaboration', basePort + 1, rdEnv);
        await rd.start();
      } else if (fault === 'kill -9 teacher-secondment') {
        await secondment.crash();
        // Registered while the service is down: its copy must arrive once it is back.
        const probe = (await httpJson('POST', `${t()}/v1/schools`, { ...admin, body: { name: `Probe ${probes.length}`, country: 'CN' } }))
          .body;
        probes.push(probe.id as string);
        secondment = new ServiceProcess('teacher-secondment', basePort + 2, secondmentEnv);
        await secondment.start();
      } else if (fault === 'restart broker') {
        await broker.stop();
        await sleep(options.outageMs);
        await broker.start();
      } else {
        await mongo.stop();
        await sleep(options.outageMs);
        await mongo.start();
      }
      const upAt = Date.now();
      if (fault === 'kill -9 teacher-secondment') {
        await waitFor(
          'the secondment service to copy the school registered while it was down',
          async () => (await secondmentCopies(probes.slice(-1))) === 1,
          {
            timeoutMs: 180_000,
            intervalMs: 100,
          },
        );
        faults.push({ fault, afterHires, downMs: upAt - downAt, recoveryMs: Date.now() - upAt });
        log(`recovered from ${fault}: down ${upAt - downAt} ms, copying again ${Date.now() - upAt} ms later`);
        continue;
      }
      // Recovered when the part hit applies outcomes again: the R&D service counts a hire in
      // its scorecard, the talent pipeline marks a placement hired (or all were done already).
      const progress = fault === 'kill -9 rd-collaboration' ? scorecardHires : hiredCount;
      const before = await waitFor(
        `${fault === 'kill -9 rd-collaboration' ? 'rd-collaboration' : 'the talent pipeline'} to answer`,
        async () => {
          const count = await progress();
          return count >= 0 ? count : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 100 },
      );
      await waitFor(
        `outcomes to be applied again after "${fault}"`,
        async () => {
          const count = await progress();
          return count > before || count >= options.hires;
        },
        { timeoutMs: 180_000, intervalMs: 100 },
      );
      faults.push({ fault, afterHires, downMs: upAt - downAt, recoveryMs: Date.now() - upAt });
      log(`recovered from ${fault}: down ${upAt - downAt} ms, applying again ${Date.now() - upAt} ms later`);
    }
    await erp;

    // ---------------------------------------------------------------- count what arrived where
    const webhookHires = () => {
      const byPlacement = new Map<string, Set<string>>();
      let deliveries = 0;
      for (const r of receiver.received) {
        if (r.answeredWith >= 300) continue;
        deliveries++;
        const placementId = JSON.parse(r.body).data.placementId as string;
        byPlacement.set(placementId, (byPlacement.get(placementId) ?? new Set()).add(String(r.headers['webhook-id'])));
      }
      return { byPlacement, deliveries };
    };
    await waitFor('a webhook for every hire', () => webhookHires().byPlacement.size >= options.hires, {
      timeoutMs: 180_000,
      intervalMs: 200,
    });
    const feedHires = await waitFor(
      'every hire in the pull feed',
      async () => {
        const hires = await readFeedHires(t(), school.id, school.apiKey);
        return hires.length >= options.hires ? hires : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const hiresCounted = await waitFor(
      'the R&D scorecard to count every hire',
      async () => {
        const hires = await scorecardHires();
        return hires >= options.hires ? hires : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const durationMs = Date.now() - startedAt;
    // A late duplicate would show up a moment after the last expected one.
    await sleep(2_000);

    const { byPlacement, deliveries } = webhookHires();
    const feedByPlacement = countBy(feedHires.map((e) => e.placementId));
    let placementsLost = 0;
    let placementsDoubled = 0;
    for (const placementId of placements) {
      const p = (await httpJson('GET', `${t()}/v1/placements/${placementId}`, admin)).body;
      const hiredEntries = (p.history ?? []).filter((h: { status: string }) => h.status === 'hired').length;
      if (hiredEntries === 0) placementsLost++;
      if (hiredEntries > 1) placementsDoubled++;
    }
    return {
      hires: options.hires,
      faults,
      erpRetries,
      erpDuplicates,
      webhook: {
        lost: placements.filter((id) => !byPlacement.has(id)).length,
        doubled: [...byPlacement.values()].filter((ids) => ids.size > 1).length,
        redeliveredSameId: deliveries - [...byPlacement.values()].reduce((n, ids) => n + ids.size, 0),
      },
      feed: {
        lost: placements.filter((id) => !feedByPlacement.has(id)).length,
        doubled: [...feedByPlacement.values()].filter((n) => n > 1).length,
      },
      placements: { lost: placementsLost, doubled: placementsDoubled },
      scorecard: { hiresCounted: Math.max(hiresCounted, await scorecardHires()) },
      secondmentCopies: { probes: probes.length, lost: probes.length - (await secondmentCopies(probes)) },
      durationMs,
    };
  } catch (error) {
    // CI keeps no log files: the failure carries what the processes say about themselves.
    const diagnoses: string[] = await Promise.all([talent.diagnosis(), rd.diagnosis(), secondment.diagnosis()]);
    const received = `webhook receiver: ${receiver.received.length} requests`;
    diagnoses.push(await feedDiagnosis(talentEnv.MONGO_URI));
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- diagnosis ---\n${[received, ...diagnoses].join('\n')}`,
      {
        cause: error,
      },
    );
  } finally {
    await Promise.allSettled([talent.stop(), rd.stop(), secondment.stop(), receiver.stop()]);
    await Promise.allSettled([broker.dispose(), mongo.dispose()]);
  }
}

/** The talent pipeline's feed positions and counters, straight from its database, for a failure message. */
async function feedDiagnosis(uri: string): Promise<string> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3_000 });
  try {
    const db = (await client.connect()).db();
    const entries = await db
      .collection('outcome_feed')
      .find({}, { projection: { seq: 1, schoolId: 1, 'event.type': 1, 'event.data.placementId': 1, recordedAt: 1 } })
      .sort({ schoolId: 1, seq: 1 })
      .toArray();
    const counters = await db.collection('counters').find({}).toArray();
    const hired = await db.collection('placements').countDocuments({ status: 'hired' });
    return [
      `feed: ${entries.length} entries, placements hired: ${hired}, counters ${JSON.stringify(counters)}`,
      ...entries.map((e) => `  ${e.seq} ${e.event?.type} ${e.event?.data?.placementId} ${e.recordedAt?.toISOString?.()}`),
    ].join('\n');
  } catch (error) {
    return `feed: not readable (${String(error)})`;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** One student with consent to be placed, walked from proposed to an active internship. */
export async function activePlacement(baseUrl: string, schoolId: string, enterpriseId: string, n: number): Promise<string> {
  const admin = { token: ADMIN };
  const student = (
    await httpJson('POST', `${baseUrl}/v1/students`, {
      ...admin,
      body: { schoolId, givenName: `Student${n}`, familyName: 'Chaos', programme: 'port-logistics', cohort: '2025' },
    })
  ).body;
  await grantPlacementConsent({ baseUrl, adminToken: ADMIN, enterpriseId, studentId: student.id });
  const placement = (
    await httpJson('POST', `${baseUrl}/v1/placements`, {
      ...admin,
      body: { studentId: student.id, enterpriseId, kind: 'internship', role: 'Crane operator intern', startDate: '2026-03-01' },
    })
  ).body;
  for (const to of ['offered', 'accepted'])
    await expectOk(httpJson('POST', `${baseUrl}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } }));
  for (const party of ['school', 'enterprise', 'student'])
    await expectOk(
      httpJson('POST', `${baseUrl}/v1/placements/${placement.id}/agreement/signatures`, { ...admin, body: { party, signedBy: party } }),
    );
  await expectOk(httpJson('POST', `${baseUrl}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to: 'active' } }));
  return placement.id as string;
}

/** Every hired outcome in the school's pull feed, paging by cursor. */
export async function readFeedHires(
  baseUrl: string,
  schoolId: string,
  apiKey: string,
): Promise<{ placementId: string; eventId: string }[]> {
  const hires: { placementId: string; eventId: string }[] = [];
  let after = '';
  for (;;) {
    const page = await httpJson('GET', `${baseUrl}/v1/schools/${schoolId}/placement-outcomes?limit=500${after ? `&after=${after}` : ''}`, {
      token: apiKey,
    });
    if (page.status !== 200) return hires;
    for (const item of page.body.items) {
      if (item.event.data.outcome === 'hired') hires.push({ placementId: item.event.data.placementId, eventId: item.event.id });
    }
    if (page.body.items.length === 0) return hires;
    after = page.body.items[page.body.items.length - 1].cursor;
  }
}

async function expectOk(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`setup step failed: ${answer.status} ${JSON.stringify(answer.body)}`);
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
