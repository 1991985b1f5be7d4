import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { erpHireEvent, fetchChecked, postErpEvents, testMongoUri } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

const KIB = 1024;

async function postRaw(url: string, body: string, contentType = 'application/json') {
  const answer = await fetchChecked(url, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
  });
  return { status: answer.status, contentType: answer.contentType, body: answer.body };
}

/** A JSON object of about `bytes` bytes: a valid school padded with one long unknown field. */
const paddedSchool = (bytes: number) => JSON.stringify({ name: 'Padded College', country: 'CN', padding: 'x'.repeat(bytes) });

describe('body limits: bodies stay below what the broker accepts (real Kafka + Mongo-compatible server)', () => {
  describe('with the default limit (512 KiB)', () => {
    let service: Awaited<ReturnType<typeof startTalentPipeline>>;
    let mongo: MongoClient;
    const schools = () => mongo.db().collection('schools').countDocuments();

    beforeAll(async () => {
      service = await startTalentPipeline();
      mongo = await new MongoClient(testMongoUri(service.database)).connect();
    });
    afterAll(async () => {
      await mongo?.close();
      await service?.close();
    });

    it.each([
      ['just over the limit', 520 * KIB],
      ['of 6 MiB', 6 * KIB * KIB],
    ])('answers a JSON body %s with 413 problem+json and stores nothing', async (_case, bytes) => {
      const before = await schools();
      const response = await postRaw(`${service.baseUrl}/v1/schools`, paddedSchool(bytes));
      expect(response.status).toBe(413);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 413, title: 'payload too large', limitBytes: 512 * KIB });
      expect(await schools()).toBe(before);
    });

    it('reads a body under the limit (a padded body is refused for its unknown field, not its size)', async () => {
      const response = await postRaw(`${service.baseUrl}/v1/schools`, paddedSchool(400 * KIB));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'padding', message: 'property padding should not exist' }]);
    });

    it('answers malformed JSON with 400 problem+json, not 500', async () => {
      const response = await postRaw(`${service.baseUrl}/v1/schools`, '{"name": "Broken College", "country": ');
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400 });
    });

    it.each([
      ['text/plain', JSON.stringify({ name: 'Plain College', country: 'CN' })],
      ['application/x-www-form-urlencoded', 'name=Form+College&country=CN'],
      ['application/xml', '<school><name>Xml College</name><country>CN</country></school>'],
    ])('answers a %s body with 415 problem+json naming the JSON types, and stores nothing', async (contentType, body) => {
      const before = await schools();
      const response = await postRaw(`${service.baseUrl}/v1/schools`, body, contentType);
      expect(response.status).toBe(415);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 415, title: 'unsupported media type' });
      expect(response.body.detail).toContain('application/json');
      expect(await schools()).toBe(before);
    });

    it('answers a chunked body without a Content-Type with 415, rather than reading it as no body', async () => {
      const before = await schools();
      const json = new TextEncoder().encode(JSON.stringify({ name: 'Chunked College', country: 'CN' }));
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(json);
          controller.close();
        },
      });
      // A stream body goes out chunked, and fetch names no Content-Type for it.
      const response = await fetch(`${service.baseUrl}/v1/schools`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await schools()).toBe(before);
    });

    it('reads a JSON body whose content type carries a charset', async () => {
      const response = await postRaw(
        `${service.baseUrl}/v1/schools`,
        JSON.stringify({ name: 'Charset College', country: 'CN' }),
        'application/json; charset=utf-8',
      );
      expect(response.status).toBe(201);
    });

    it('answers a PATCH with a non-JSON body with 415 and names the patch formats in Accept-Patch', async () => {
      const answer = await fetchChecked(`${service.baseUrl}/v1/students/${randomUUID()}`, {
        method: 'PATCH',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: 'cohort=2027',
      });
      expect(answer.status).toBe(415);
      expect(answer.headers.get('accept-patch')).toBe('application/merge-patch+json, application/json');
    });

    it('answers an oversized CloudEvents batch with 413 before checking anything else', async () => {
      const batch = JSON.stringify([{ specversion: '1.0', padding: 'x'.repeat(600 * KIB) }]);
      const response = await postRaw(`${service.baseUrl}/v1/erp/events`, batch, 'application/cloudevents-batch+json');
      expect(response.status).toBe(413);
    });
  });

  describe('with a configured limit and a small Kafka record limit', () => {
    let service: Awaited<ReturnType<typeof startTalentPipeline>>;
    let mongo: MongoClient;
    let seeded: Awaited<ReturnType<typeof seedActiveInternship>>;

    beforeAll(async () => {
      service = await startTalentPipeline({ HTTP_BODY_LIMIT_BYTES: String(64 * KIB), KAFKA_MAX_RECORD_BYTES: String(16 * KIB) });
      mongo = await new MongoClient(testMongoUri(service.database)).connect();
      seeded = await seedActiveInternship(service.baseUrl);
    });
    afterAll(async () => {
      await mongo?.close();
      await service?.close();
    });

    it('applies HTTP_BODY_LIMIT_BYTES', async () => {
      const response = await postRaw(`${service.baseUrl}/v1/schools`, paddedSchool(65 * KIB));
      expect(response.status).toBe(413);
      expect(response.body.limitBytes).toBe(64 * KIB);
    });

    it('refuses with 413, before answering 202, an ERP batch holding an event that would not fit in a Kafka record; nothing is stored', async () => {
      const small = erpHireEvent({ placementId: seeded.placement.id, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' });
      const huge = erpHireEvent({ placementId: seeded.placement.id, position: { title: 'x'.repeat(20 * KIB) }, hireDate: '2026-09-01' });
      const response = await postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: seeded.enterprise.id,
        secret: seeded.enterprise.erpSigningSecret,
        body: [small, huge],
        batch: true,
      });
      expect(response.status).toBe(413);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: '[1]', message: expect.stringContaining(`limit is ${16 * KIB} bytes`) }]);
      expect(await mongo.db().collection('erp_inbox').countDocuments()).toBe(0);
    });

    it('still accepts an ERP event that fits', async () => {
      const small = erpHireEvent({ placementId: seeded.placement.id, position: { title: 'CNC machinist' }, hireDate: '2026-09-01' });
      const response = await postErpEvents({
        baseUrl: service.baseUrl,
        enterpriseId: seeded.enterprise.id,
        secret: seeded.enterprise.erpSigningSecret,
        body: small,
      });
      expect(response.status).toBe(202);
    });
  });

  describe('request rate per client', () => {
    let service: Awaited<ReturnType<typeof startTalentPipeline>>;
    let mongo: MongoClient;

    beforeAll(async () => {
      service = await startTalentPipeline({ RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_MS: '60000' });
      mongo = await new MongoClient(testMongoUri(service.database)).connect();
    });
    afterAll(async () => {
      await mongo?.close();
      await service?.close();
    });

    it('answers a client over its allowance with 429 problem+json and Retry-After, stores nothing, and leaves other clients alone', async () => {
      const register = (token: string) =>
        fetchChecked(`${service.baseUrl}/v1/schools`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name: 'Rate College', country: 'CN' }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await register(ADMIN_TOKEN)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201]);
      const before = await mongo.db().collection('schools').countDocuments();

      const limited = await register(ADMIN_TOKEN);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.body).toMatchObject({ status: 429, title: 'too many requests' });
      expect(await mongo.db().collection('schools').countDocuments()).toBe(before);

      // Another credential has its own allowance (a wrong token: 403, not 429).
      expect((await register('someone-else-entirely')).status).toBe(403);
      // Probes are never limited.
      expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    });
  });
});
