import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { postErpEvents, httpJson, testMongoUri, waitFor, RecordedMessage, TopicRecorder, testKafka } from '@app/testing';
import { requisitionIdForErp } from '../src/demand/domain/erp-requisition-id';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const validBody = () => ({
  role: 'CNC operator trainee',
  skills: [{ label: 'CNC programming', escoUri: 'http://data.europa.eu/esco/skill/cnc-programming' }, { label: 'Technical drawing' }],
  headcount: 2,
  kind: 'internship',
  period: { from: '2026-03-01', to: '2026-08-31' },
  location: 'Suzhou',
});

function erpRequisitionEvent(data: Record<string, unknown>, id = `req-${randomUUID()}`, time = new Date()) {
  return { specversion: '1.0', id, source: 'urn:erp:test', type: 'erp.requisition.v1', time: time.toISOString(), data };
}

const erpData = (erpRequisitionId: string, overrides: Record<string, unknown> = {}) => ({
  requisitionId: erpRequisitionId,
  position: {
    title: 'Maintenance technician',
    id: { value: 'POS-881', schemeId: 'position-code', schemeAgencyId: 'precision-motors-sap' },
  },
  skills: [{ label: 'PLC troubleshooting' }],
  headcount: 1,
  kind: 'job',
  period: { from: '2026-09-01', to: '2027-08-31' },
  location: 'Wuxi',
  ...overrides,
});

describe('Requisitions: enterprise talent demand (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let recorder: TopicRecorder;
  let enterprise: { id: string; apiKey: string; erpSigningSecret: string };
  let other: { id: string; apiKey: string };

  const base = () => `${service.baseUrl}/v1/enterprises/${enterprise.id}/requisitions`;
  const requisitionCount = () => mongo.db().collection('requisitions').countDocuments({ enterpriseId: enterprise.id });
  const eventsFor = (requisitionId: string): RecordedMessage[] => recorder.messages.filter((m) => m.key === requisitionId);
  const registerEnterprise = async (name: string) =>
    (await httpJson('POST', `${service.baseUrl}/v1/enterprises`, { token: ADMIN_TOKEN, body: { name, country: 'CN' } })).body;

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await new MongoClient(testMongoUri(service.database)).connect();
    recorder = new TopicRecorder(testKafka('demand-int'), [`${service.prefix}talent.requisition.v1`]);
    await recorder.start();
  });
  beforeEach(async () => {
    enterprise = await registerEnterprise('Precision Motors');
    other = await registerEnterprise('Other Works');
  });
  afterAll(async () => {
    await recorder?.stop();
    await mongo?.close();
    await service?.close();
  });

  describe('HTTP API', () => {
    it('opens one requisition for a retried POST with the same Idempotency-Key, and refuses the key with other content', async () => {
      const postWithKey = async (as: { id: string; apiKey: string }, key: string, body: unknown) => {
        const { status, body: answer } = await httpJson('POST', `${service.baseUrl}/v1/enterprises/${as.id}/requisitions`, {
          token: as.apiKey,
          body,
          headers: { 'idempotency-key': key },
        });
        return { status, body: answer };
      };
      const key = `open-${randomUUID()}`;
      const first = await postWithKey(enterprise, key, validBody());
      expect(first.status).toBe(201);
      const retried = await postWithKey(enterprise, key, validBody());
      expect(retried).toMatchObject({ status: 200, body: { id: first.body.id } });
      const reused = await postWithKey(enterprise, key, { ...validBody(), headcount: 5 });
      expect(reused.status).toBe(422);
      expect(reused.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('requisition') }]);
      expect((await postWithKey(enterprise, 'not a key', validBody())).body.errors[0].field).toBe('Idempotency-Key');
      // Keys are per enterprise: another enterprise's same key opens its own requisition.
      const theirs = await postWithKey(other, key, validBody());
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(first.body.id);

      expect(await mongo.db().collection('requisitions').countDocuments({ _id: first.body.id })).toBe(1);
      await waitFor('the opened event', async () => (eventsFor(first.body.id).length > 0 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(eventsFor(first.body.id).map((m) => m.headers.ce_type)).toEqual(['talent.requisition.opened.v1']);
    });

    it('opens a requisition, reads it back and publishes talent.requisition.opened.v1 keyed by its id', async () => {
      const created = await httpJson('POST', base(), { token: enterprise.apiKey, body: validBody() });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...validBody(), enterpriseId: enterprise.id, status: 'open' });

      const read = await httpJson('GET', `${base()}/${created.body.id}`, { token: enterprise.apiKey });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.body.id, role: 'CNC operator trainee', headcount: 2 });
      const list = await httpJson('GET', base(), { token: enterprise.apiKey });
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

      const [opened] = await waitFor('the opened event on Kafka', async () => {
        const found = eventsFor(created.body.id);
        return found.length ? found : undefined;
      });
      expect(opened.headers.ce_type).toBe('talent.requisition.opened.v1');
      expect(opened.headers.ce_subject).toBe(`requisitions/${created.body.id}`);
      expect(JSON.parse(opened.value!)).toMatchObject({
        requisitionId: created.body.id,
        enterpriseId: enterprise.id,
        ...validBody(),
        status: 'open',
      });
    });

    it('moves open -> filled with a status-changed event, and rejects filled -> closed with 409 changing nothing', async () => {
      const { body: created } = await httpJson('POST', base(), { token: enterprise.apiKey, body: validBody() });
      const filled = await httpJson('POST', `${base()}/${created.id}/status`, { token: enterprise.apiKey, body: { to: 'filled' } });
      expect(filled.status).toBe(200);
      expect(filled.body.status).toBe('filled');
      expect(filled.body.history.map((h: { status: string }) => h.status)).toEqual(['open', 'filled']);

      const illegal = await httpJson('POST', `${base()}/${created.id}/status`, { token: enterprise.apiKey, body: { to: 'closed' } });
      expect(illegal.status).toBe(409);
      expect(illegal.contentType).toContain('application/problem+json');
      expect(illegal.body.errors[0]).toMatchObject({ field: 'to' });
      expect(illegal.body.detail).toContain('from filled to closed');
      const after = await httpJson('GET', `${base()}/${created.id}`, { token: enterprise.apiKey });
      expect(after.body).toMatchObject({ status: 'filled', version: filled.body.version });

      const changed = await waitFor('the status-changed event', async () =>
        eventsFor(created.id).find((m) => m.headers.ce_type === 'talent.requisition.status-changed.v1'),
      );
      expect(JSON.parse(changed.value!)).toMatchObject({
        requisitionId: created.id,
        enterpriseId: enterprise.id,
        from: 'open',
        to: 'filled',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eventsFor(created.id).map((m) => m.headers.ce_type)).toEqual([
        'talent.requisition.opened.v1',
        'talent.requisition.status-changed.v1',
      ]);
    });

    it('answers 400 problem+json naming each bad field and stores nothing', async () => {
      const response = await httpJson('POST', base(), {
        token: enterprise.apiKey,
        body: {
          ...validBody(),
          headcount: 0,
          kind: 'gig',
          period: { from: '2026-13-01', to: '2026-08-31' },
          skills: [{ escoUri: 'nope' }],
          extra: 1,
        },
      });
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['headcount', 'kind', 'period.from', 'skills.0.label', 'skills.0.escoUri', 'extra']));

      const inverted = await httpJson('POST', base(), {
        token: enterprise.apiKey,
        body: { ...validBody(), period: { from: '2026-09-01', to: '2026-03-01' } },
      });
      expect(inverted.status).toBe(400);
      expect(inverted.body.errors).toEqual([{ field: 'period.to', message: 'must not be before period.from' }]);

      const badStatus = await httpJson('POST', `${base()}/${randomUUID()}/status`, { token: enterprise.apiKey, body: { to: 'reopened' } });
      expect(badStatus.status).toBe(400);
      expect(await requisitionCount()).toBe(0);
    });

    it('answers 401 without or with a wrong key, 403 for another enterprise key, 404 for another enterprise requisition', async () => {
      expect((await httpJson('POST', base(), { body: validBody() })).status).toBe(401);
      expect((await httpJson('GET', base(), { token: 'not-a-key' })).status).toBe(401);
      const forbidden = await httpJson('POST', base(), { token: other.apiKey, body: validBody() });
      expect(forbidden.status).toBe(403);
      expect(await requisitionCount()).toBe(0);

      const { body: theirs } = await httpJson('POST', `${service.baseUrl}/v1/enterprises/${other.id}/requisitions`, {
        token: other.apiKey,
        body: validBody(),
      });
      const notMine = await httpJson('GET', `${base()}/${theirs.id}`, { token: enterprise.apiKey });
      expect(notMine.status).toBe(404);
      const cannotClose = await httpJson('POST', `${base()}/${theirs.id}/status`, { token: enterprise.apiKey, body: { to: 'closed' } });
      expect(cannotClose.status).toBe(404);
      expect(
        (await httpJson('GET', `${service.baseUrl}/v1/enterprises/${other.id}/requisitions/${theirs.id}`, { token: other.apiKey })).body
          .status,
      ).toBe('open');
    });

    it('lets the operator list requisitions by status and enterprise', async () => {
      const { body: a } = await httpJson('POST', base(), { token: enterprise.apiKey, body: validBody() });
      const { body: b } = await httpJson('POST', base(), { token: enterprise.apiKey, body: { ...validBody(), role: 'Welder' } });
      await httpJson('POST', `${base()}/${b.id}/status`, { token: enterprise.apiKey, body: { to: 'closed' } });

      const open = await httpJson('GET', `${service.baseUrl}/v1/requisitions?status=open&enterpriseId=${enterprise.id}`, {
        token: ADMIN_TOKEN,
      });
      expect(open.status).toBe(200);
      expect(open.body.items.map((r: { id: string }) => r.id)).toEqual([a.id]);
      const closed = await httpJson('GET', `${service.baseUrl}/v1/requisitions?status=closed`, { token: ADMIN_TOKEN });
      expect(closed.body.items.map((r: { id: string }) => r.id)).toContain(b.id);
      expect(closed.body.items.every((r: { status: string }) => r.status === 'closed')).toBe(true);

      expect((await httpJson('GET', `${service.baseUrl}/v1/requisitions`)).status).toBe(401);
      expect((await httpJson('GET', `${service.baseUrl}/v1/requisitions`, { token: enterprise.apiKey })).status).toBe(403);
      const bad = await httpJson('GET', `${service.baseUrl}/v1/requisitions?status=bogus`, { token: ADMIN_TOKEN });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('status');
    });
  });

  describe('from ERP requisition events (POST /v1/erp/events -> talent.erp-inbound.v1)', () => {
    const post = (body: unknown, batch = false) =>
      postErpEvents({ baseUrl: service.baseUrl, enterpriseId: enterprise.id, secret: enterprise.erpSigningSecret, body, batch });
    const read = (id: string) => httpJson('GET', `${base()}/${id}`, { token: enterprise.apiKey });

    it('creates one requisition despite duplicates, then updates it when the ERP sends changed content', async () => {
      const erpId = `REQ-${randomUUID().slice(0, 8)}`;
      const expectedId = requisitionIdForErp(enterprise.id, erpId);
      const first = erpRequisitionEvent(erpData(erpId));
      expect((await post(first)).status).toBe(202);
      expect((await post(first)).body).toMatchObject({ duplicates: 1 }); // same source+id: dropped at the edge
      // A different event (new id) with the same content: reaches the handler, changes nothing.
      expect((await post([erpRequisitionEvent(erpData(erpId))], true)).body).toMatchObject({ accepted: 1 });

      const created = await waitFor('the requisition from the ERP', async () => {
        const r = await read(expectedId);
        return r.status === 200 ? r.body : undefined;
      });
      expect(created).toMatchObject({
        id: expectedId,
        role: 'Maintenance technician',
        kind: 'job',
        headcount: 1,
        location: 'Wuxi',
        status: 'open',
        erp: { requisitionId: erpId, positionId: { value: 'POS-881', schemeId: 'position-code', schemeAgencyId: 'precision-motors-sap' } },
      });
      await waitFor('both ERP events applied', async () =>
        (await mongo.db().collection('erp_inbox').countDocuments({ enterpriseId: enterprise.id, status: 'applied' })) === 2
          ? true
          : undefined,
      );
      expect(await requisitionCount()).toBe(1);
      // Published on its own, before any later change touches the requisition again.
      await waitFor('the opened event on Kafka', async () => (eventsFor(expectedId).length === 1 ? true : undefined));

      const changed = erpRequisitionEvent(
        erpData(erpId, { headcount: 3, skills: [{ label: 'PLC troubleshooting' }, { label: 'Welding' }] }),
      );
      expect((await post(changed)).status).toBe(202);
      const updated = await waitFor('the update', async () => {
        const r = (await read(expectedId)).body;
        return r.headcount === 3 ? r : undefined;
      });
      expect(updated.skills).toEqual([{ label: 'PLC troubleshooting' }, { label: 'Welding' }]);
      expect(await requisitionCount()).toBe(1);

      await waitFor('opened and updated on Kafka', async () => (eventsFor(expectedId).length >= 2 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const types = eventsFor(expectedId).map((m) => m.headers.ce_type);
      expect(types).toEqual(['talent.requisition.opened.v1', 'talent.requisition.updated.v1']);
      expect(JSON.parse(eventsFor(expectedId)[1].value!)).toMatchObject({ headcount: 3, erp: { requisitionId: erpId } });
    });

    it('closes the requisition when the ERP reports it closed', async () => {
      const erpId = `REQ-${randomUUID().slice(0, 8)}`;
      const expectedId = requisitionIdForErp(enterprise.id, erpId);
      await post(erpRequisitionEvent(erpData(erpId)));
      await waitFor('opened', async () => ((await read(expectedId)).status === 200 ? true : undefined));
      await post(erpRequisitionEvent(erpData(erpId, { status: 'closed' })));
      const closed = await waitFor('closed', async () => {
        const r = (await read(expectedId)).body;
        return r.status === 'closed' ? r : undefined;
      });
      expect(closed.history.map((h: { status: string; cause: string }) => h.status)).toEqual(['open', 'closed']);
      expect(closed.history[1].cause).toContain('erp.requisition.v1');
    });

    it('ignores an ERP update older (by the event time) than the one already applied, and still applies a newer one', async () => {
      const erpId = `REQ-${randomUUID().slice(0, 8)}`;
      const expectedId = requisitionIdForErp(enterprise.id, erpId);
      const t0 = Date.now() - 60_000;
      await post(erpRequisitionEvent(erpData(erpId, { headcount: 1 }), undefined, new Date(t0)));
      await waitFor('opened', async () => ((await read(expectedId)).status === 200 ? true : undefined));
      // The ERP changed the headcount to 3 at t0+20 s; that reaches us first ...
      await post(erpRequisitionEvent(erpData(erpId, { headcount: 3 }), undefined, new Date(t0 + 20_000)));
      await waitFor('headcount 3', async () => ((await read(expectedId)).body.headcount === 3 ? true : undefined));
      // ... then its earlier change (headcount 2 at t0+10 s) arrives late, e.g. through another replica.
      const stale = erpRequisitionEvent(erpData(erpId, { headcount: 2, location: 'Stale town' }), undefined, new Date(t0 + 10_000));
      expect((await post(stale)).status).toBe(202);
      await waitFor('the stale event handled', async () =>
        (await mongo.db().collection('erp_inbox').countDocuments({ enterpriseId: enterprise.id, status: 'applied' })) >= 3
          ? true
          : undefined,
      );
      expect((await read(expectedId)).body).toMatchObject({ headcount: 3, location: 'Wuxi' });
      // A newer change still applies.
      await post(erpRequisitionEvent(erpData(erpId, { headcount: 4 }), undefined, new Date(t0 + 30_000)));
      await waitFor('headcount 4', async () => ((await read(expectedId)).body.headcount === 4 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const headcounts = eventsFor(expectedId).map((m) => JSON.parse(m.value!).headcount);
      expect(headcounts).toEqual([1, 3, 4]);
    });

    it('rejects an ERP requisition whose text is not well-formed Unicode with 400 naming the field, storing nothing', async () => {
      const response = await post(erpRequisitionEvent(erpData('REQ-\uD800')));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'data.requisitionId', message: 'text is not well-formed Unicode (a lone UTF-16 surrogate)' },
      ]);
      expect(await mongo.db().collection('erp_inbox').countDocuments({ enterpriseId: enterprise.id })).toBe(0);
      expect(await requisitionCount()).toBe(0);
    });

    it('rejects an invalid ERP requisition with 400 naming the data fields, storing nothing', async () => {
      const bad = erpRequisitionEvent({
        requisitionId: 'REQ-X',
        position: { title: 'X' },
        headcount: 0,
        kind: 'gig',
        period: { from: '2026-09-01', to: '2026-01-01' },
      });
      const response = await post(bad);
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['data.position.id', 'data.headcount', 'data.kind', 'data.period.to', 'data.location']),
      );
      expect(await mongo.db().collection('erp_inbox').countDocuments({ enterpriseId: enterprise.id })).toBe(0);
    });
  });
});
