import { documentedResponseSchema, httpJson, responseProblems, waitFor } from '@app/testing';
import { ADMIN_TOKEN, seedActiveInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

describe('placement outcome feed with cursor (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;

  beforeAll(async () => {
    service = await startTalentPipeline();
  });
  afterAll(async () => service?.close());

  const feedOf = (schoolId: string, apiKey: string, query = '') =>
    httpJson('GET', `${service.baseUrl}/v1/schools/${schoolId}/placement-outcomes${query}`, { token: apiKey });

  it('returns outcomes in order and replays from any cursor', async () => {
    const { school, placement } = await seedActiveInternship(service.baseUrl);
    await httpJson('POST', `${service.baseUrl}/v1/placements/${placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'completed' },
    });
    await httpJson('POST', `${service.baseUrl}/v1/placements/${placement.id}/transitions`, { token: ADMIN_TOKEN, body: { to: 'hired' } });

    const all = await waitFor('three outcomes in the feed', async () => {
      const page = await feedOf(school.id, school.apiKey);
      return page.body.items.length === 3 ? page.body : undefined;
    });
    expect(all.items.map((i: any) => i.event.data.outcome)).toEqual(['started', 'completed', 'hired']);
    // The page is what the OpenAPI document promises a school's client (a schema read from the outcome contracts).
    const documented = documentedResponseSchema(
      (await httpJson('GET', `${service.baseUrl}/docs-json`)).body,
      '/v1/schools/{schoolId}/placement-outcomes',
      'get',
      200,
    );
    expect(responseProblems(documented, all)).toEqual([]);
    const hired = all.items[2];
    const forged = {
      ...all,
      items: [{ ...hired, event: { ...hired.event, data: { ...hired.event.data, hire: undefined, outcome: 'hired?' } } }],
    };
    expect(responseProblems(documented, forged)).not.toEqual([]);

    const afterFirst = await feedOf(school.id, school.apiKey, `?after=${all.items[0].cursor}`);
    expect(afterFirst.body.items.map((i: any) => i.event.id)).toEqual(all.items.slice(1).map((i: any) => i.event.id));

    const pageOfOne = await feedOf(school.id, school.apiKey, '?limit=1');
    expect(pageOfOne.body.items).toHaveLength(1);
    const next = await feedOf(school.id, school.apiKey, `?after=${pageOfOne.body.nextCursor}&limit=1`);
    expect(next.body.items[0].event.id).toBe(all.items[1].event.id);

    const atEnd = await feedOf(school.id, school.apiKey, `?after=${all.nextCursor}`);
    expect(atEnd.body).toEqual({ items: [], nextCursor: all.nextCursor });
  });

  it('never shows one school the outcomes of another', async () => {
    const a = await seedActiveInternship(service.baseUrl);
    const b = await seedActiveInternship(service.baseUrl);
    await waitFor('school A outcome', async () => (await feedOf(a.school.id, a.school.apiKey)).body.items.length === 1);
    await waitFor('school B outcome', async () => (await feedOf(b.school.id, b.school.apiKey)).body.items.length === 1);

    const aFeed = (await feedOf(a.school.id, a.school.apiKey)).body.items;
    expect(aFeed.every((i: any) => i.event.data.schoolId === a.school.id)).toBe(true);

    const crossed = await feedOf(b.school.id, a.school.apiKey);
    expect(crossed.status).toBe(403);
    expect(crossed.contentType).toContain('application/problem+json');
    expect((await feedOf(b.school.id, 'sk_school_not-a-key')).status).toBe(401);
    expect((await httpJson('GET', `${service.baseUrl}/v1/schools/${b.school.id}/placement-outcomes`)).status).toBe(401);
    const subscribeForOther = await httpJson('POST', `${service.baseUrl}/v1/schools/${b.school.id}/webhook-subscriptions`, {
      token: a.school.apiKey,
      body: { url: 'http://127.0.0.1:9/hooks' },
    });
    expect(subscribeForOther.status).toBe(403);
  });

  it('rejects a cursor it did not issue with 400 naming the field', async () => {
    const { school } = await seedActiveInternship(service.baseUrl);
    const response = await feedOf(school.id, school.apiKey, '?after=garbage');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it("rejects a cursor past the end of the school's feed (another school's) with 400 naming the field", async () => {
    const { school } = await seedActiveInternship(service.baseUrl);
    const page = await waitFor('the started outcome', async () => {
      const response = await feedOf(school.id, school.apiKey);
      return response.body.items.length === 1 ? response.body : undefined;
    });
    const other = (
      await httpJson('POST', `${service.baseUrl}/v1/schools`, { token: ADMIN_TOKEN, body: { name: 'Empty College', country: 'CN' } })
    ).body;
    // Answered as an empty page, it would be polled until the other feed passes it, and its outcomes up to there never read.
    const response = await feedOf(other.id, other.apiKey, `?after=${page.nextCursor}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['type=talent.placement.hire.v1', 'type'],
    ['type=talent.placement.hired.v1,started', 'type'],
    ['cursor=c2VxOjE', 'cursor'],
  ])('refuses ?%s with 400 problem+json naming %s', async (query, field) => {
    const { school } = await seedActiveInternship(service.baseUrl);
    const response = await feedOf(school.id, school.apiKey, `?${query}`);
    expect({ status: response.status, contentType: response.contentType }).toEqual({
      status: 400,
      contentType: 'application/problem+json; charset=utf-8',
    });
    expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('keeps the outcomes of the event types named, and takes a comma-separated list', async () => {
    const { school } = await seedActiveInternship(service.baseUrl);
    await waitFor('the started outcome', async () => (await feedOf(school.id, school.apiKey)).body.items.length === 1);
    const started = await feedOf(school.id, school.apiKey, '?type=talent.placement.hired.v1,talent.placement.started.v1&limit=5');
    expect(started.status).toBe(200);
    expect(started.body.items.map((i: any) => i.event.type)).toEqual(['talent.placement.started.v1']);
    expect((await feedOf(school.id, school.apiKey, '?type=talent.placement.hired.v1')).body).toEqual({ items: [], nextCursor: null });
  });

  it('rejects an illegal placement transition with 409 and leaves the placement as it was', async () => {
    const { placement } = await seedActiveInternship(service.baseUrl);
    const response = await httpJson('POST', `${service.baseUrl}/v1/placements/${placement.id}/transitions`, {
      token: ADMIN_TOKEN,
      body: { to: 'offered' },
    });
    expect(response.status).toBe(409);
    expect(response.body.errors[0].field).toBe('to');
    expect((await httpJson('GET', `${service.baseUrl}/v1/placements/${placement.id}`, { token: ADMIN_TOKEN })).body.status).toBe('active');
  });
});
