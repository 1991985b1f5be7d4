/**
 * Plays the first flow against running services and prints each step: partners replicated,
 * a student placed, the school subscribed, an ERP hire signed per Standard Webhooks (and its
 * duplicate, a forged copy and an invalid one), the signed webhook retried until delivered,
 * the pull feed with cursor, and an unmatched event held for review.
 */
import { Webhook } from 'standardwebhooks';
import { erpHireEvent, postErpEvents } from '@app/testing/erp-client';
import { httpJson } from '@app/testing/http-client';
import { waitFor } from '@app/testing/wait-for';
import { WebhookReceiver } from '@app/testing/webhook-receiver';

const [talent, secondment, rd] = process.argv.slice(2);
const admin = { token: process.env.ADMIN_API_TOKEN ?? 'demo-admin-token-change-me' };
let stepNo = 0;
const step = (text: string) => console.log(`\n\x1b[1m${++stepNo}. ${text}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
const mask = (secret: string) => `${secret.slice(0, 10)}…`;

async function main() {
  for (const url of [talent, secondment, rd]) {
    await waitFor(`${url} to be ready`, async () => (await fetch(`${url}/health/ready`)).status === 200, {
      timeoutMs: 90_000,
      intervalMs: 500,
    });
  }

  step('Register a school and an enterprise in the talent pipeline (operator)');
  const school = (await httpJson('POST', `${talent}/v1/schools`, { ...admin, body: { name: 'Shenzhen Polytechnic', country: 'CN' } })).body;
  const enterprise = (
    await httpJson('POST', `${talent}/v1/enterprises`, {
      ...admin,
      body: { name: 'Precision Motors', country: 'CN', industry: 'manufacturing' },
    })
  ).body;
  show('school', `${school.id} (API key ${mask(school.apiKey)})`);
  show('enterprise', `${enterprise.id} (ERP signing secret ${mask(enterprise.erpSigningSecret)})`);

  step('The other two services copy both partners from Kafka into their own databases');
  for (const [name, url] of [
    ['teacher-secondment', secondment],
    ['rd-collaboration', rd],
  ]) {
    const copies = await waitFor(`${name} copies`, async () => {
      const items = (await httpJson('GET', `${url}/v1/partners`)).body.items as { id: string; kind: string; name: string }[];
      return items.some((p) => p.id === school.id) && items.some((p) => p.id === enterprise.id) ? items : undefined;
    });
    show(
      name,
      copies
        .filter((p) => [school.id, enterprise.id].includes(p.id))
        .map((p) => `${p.kind} ${p.name}`)
        .join(', '),
    );
  }

  step('Register a student and an internship placement, walked to active');
  const student = (
    await httpJson('POST', `${talent}/v1/students`, {
      ...admin,
      body: {
        schoolId: school.id,
        givenName: 'Li',
        familyName: 'Wei',
        programme: 'mechatronics',
        cohort: '2025',
        externalIds: [{ value: 'PM-4711', schemeId: 'employee-number', schemeAgencyId: 'precision-motors' }],
      },
    })
  ).body;
  const placement = (
    await httpJson('POST', `${talent}/v1/placements`, {
      ...admin,
      body: {
        studentId: student.id,
        enterpriseId: enterprise.id,
        kind: 'internship',
        role: 'CNC machining intern',
        startDate: '2026-03-01',
        endDate: '2026-08-31',
      },
    })
  ).body;
  for (const to of ['offered', 'accepted', 'active']) {
    if (to === 'active') {
      // Three-party sign-off: the placement cannot become active before all of them signed.
      for (const party of ['school', 'enterprise', 'student']) {
        const signed = await httpJson('POST', `${talent}/v1/placements/${placement.id}/agreement/signatures`, {
          ...admin,
          body: { party, signedBy: `${party} representative` },
        });
        show('agreement', `${party} signed; still missing: ${signed.body.missingParties.join(', ') || 'nobody'}`);
      }
    }
    const moved = await httpJson('POST', `${talent}/v1/placements/${placement.id}/transitions`, { ...admin, body: { to } });
    show('placement', `${placement.id} -> ${moved.body.status}`);
  }

  step("The school subscribes its endpoint to 'hired' outcomes (it will fail once, then recover)");
  const receiver = new WebhookReceiver();
  const url = await receiver.start();
  receiver.respondWith = ({ index }) => (index === 0 ? 503 : 200);
  const subscription = (
    await httpJson('POST', `${talent}/v1/schools/${school.id}/webhook-subscriptions`, {
      token: school.apiKey,
      body: { url, eventTypes: ['talent.placement.hired.v1'] },
    })
  ).body;
  show('subscription', `${subscription.id} -> ${url} (secret ${mask(subscription.secret)})`);

  step('The ERP posts a signed CloudEvent: erp.hire.v1 (Standard Webhooks signature)');
  const erp = { baseUrl: talent, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret };
  const hire = erpHireEvent(
    { placementId: placement.id, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
    'sf-hire-2026-0001',
    'urn:erp:precision-motors:successfactors',
  );
  const first = await postErpEvents({ ...erp, body: hire });
  show(`first post -> ${first.status}`, first.body);
  const again = await postErpEvents({ ...erp, body: hire });
  show(`same source+id again -> ${again.status}`, again.body);
  const forged = await postErpEvents({ ...erp, body: hire, secret: `whsec_${Buffer.from('not the secret').toString('base64')}` });
  show(`wrong signature -> ${forged.status}`, forged.body.detail);
  const invalid = await postErpEvents({
    ...erp,
    body: { ...hire, id: 'bad-1', data: { placementId: placement.id, position: {}, hireDate: 'tomorrow' } },
  });
  show(`invalid event -> ${invalid.status}`, invalid.body.errors);

  step('The placement becomes hired; the outcome reaches the school by signed webhook (retried after 503)');
  const hired = await waitFor('hired', async () => {
    const p = (await httpJson('GET', `${talent}/v1/placements/${placement.id}`, admin)).body;
    return p.status === 'hired' ? p : undefined;
  });
  show('placement', `${hired.status} as ${hired.hire.positionTitle} from ${hired.hire.hireDate}`);
  const delivered = await waitFor('webhook delivered', () => receiver.received.find((r) => r.answeredWith === 200), { timeoutMs: 30_000 });
  const payload = new Webhook(subscription.secret).verify(delivered.body, delivered.headers as Record<string, string>) as {
    type: string;
    data: { outcome: string };
  };
  show('endpoint answers', receiver.received.map((r) => r.answeredWith).join(' then '));
  show('verified delivery', `${payload.type}, outcome ${payload.data.outcome}, webhook-id ${delivered.headers['webhook-id']}`);
  const log = (
    await httpJson('GET', `${talent}/v1/schools/${school.id}/webhook-subscriptions/${subscription.id}/deliveries`, { token: school.apiKey })
  ).body;
  show(
    'delivery log',
    log.items.map((d: any) => `${d.status}: ${d.attempts.map((a: any) => a.statusCode ?? a.error).join(', ')}`),
  );
  await receiver.stop();

  step('The school pulls its outcomes with a cursor (replay from any point)');
  const feed = (await httpJson('GET', `${talent}/v1/schools/${school.id}/placement-outcomes`, { token: school.apiKey })).body;
  for (const item of feed.items) show(`cursor ${item.cursor}`, `${item.event.type} (${item.event.data.outcome})`);
  const replay = (
    await httpJson('GET', `${talent}/v1/schools/${school.id}/placement-outcomes?after=${feed.items[0].cursor}`, { token: school.apiKey })
  ).body;
  show(
    'after the first cursor',
    replay.items.map((i: any) => i.event.type),
  );
  const otherSchool = (await httpJson('POST', `${talent}/v1/schools`, { ...admin, body: { name: 'Another College', country: 'CN' } })).body;
  const crossed = await httpJson('GET', `${talent}/v1/schools/${school.id}/placement-outcomes`, { token: otherSchool.apiKey });
  show("another school's key", `${crossed.status} ${crossed.body.title}`);

  step('An ERP event that matches no placement is held for review, not dropped');
  const orphan = erpHireEvent({
    person: { ids: [{ value: 'UNKNOWN-1', schemeId: 'employee-number' }] },
    position: { title: 'Fitter' },
    hireDate: '2026-09-01',
  });
  show('post', (await postErpEvents({ ...erp, body: orphan })).status);
  const held = await waitFor('review queue', async () => {
    const items = (await httpJson('GET', `${talent}/v1/erp/review-queue?enterpriseId=${enterprise.id}`, admin)).body.items;
    return items.find((i: any) => i.event.id === orphan.id);
  });
  show('review queue', `${held.event.id}: ${held.reason}`);
  console.log('\nThe first flow worked end to end.');
}

main().catch((error) => {
  console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
