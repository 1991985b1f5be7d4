import { httpJson } from '@app/testing';
import { ADMIN_TOKEN, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(90_000);

/**
 * Answers of partner, subscription and erasure routes no other suite reads through httpJson
 * (which checks every 2xx JSON answer against the route's documented schema under jest): an
 * enterprise's API key rotation and revocation, an enterprise's subscription change and secret
 * rotation, and a school's list of erasure requests.
 */
describe('documented answers: enterprise credentials, enterprise subscriptions, school erasure list (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  const url = (path: string) => `${service.baseUrl}${path}`;
  const operator = (body?: unknown) => ({ token: ADMIN_TOKEN, body, headers: { 'x-operator-id': 'ops-bob' } });

  beforeAll(async () => {
    service = await startTalentPipeline();
  });
  afterAll(async () => {
    await service?.close();
  });

  it("rotates and revokes an enterprise's API key; the operator reads times, and the audit lists both changes", async () => {
    const enterprise = (
      await httpJson('POST', url('/v1/enterprises'), operator({ name: 'Rotating Gears', country: 'DE', industry: 'C28' }))
    ).body;
    expect(enterprise).toMatchObject({ name: 'Rotating Gears', country: 'DE', industry: 'C28' });
    expect(enterprise.erpSigningSecret).toMatch(/^whsec_/);

    const rotated = await httpJson(
      'POST',
      url(`/v1/enterprises/${enterprise.id}/api-key/rotations`),
      operator({ overlapSeconds: 600, expiresInDays: 30, reason: 'yearly rotation' }),
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body.apiKey).toMatch(/^sk_enterprise_/);
    expect(Date.parse(rotated.body.expiresAt) - Date.parse(rotated.body.issuedAt)).toBe(30 * 86_400_000);
    expect(Date.parse(rotated.body.previousKeyValidUntil) - Date.parse(rotated.body.issuedAt)).toBe(600_000);

    const afterRotation = (await httpJson('GET', url(`/v1/enterprises/${enterprise.id}`), operator())).body;
    expect(afterRotation.credentials).toMatchObject({
      apiKeyIssuedAt: rotated.body.issuedAt,
      apiKeyExpiresAt: rotated.body.expiresAt,
      previousApiKeyValidUntil: rotated.body.previousKeyValidUntil,
    });
    expect(JSON.stringify(afterRotation)).not.toContain(rotated.body.apiKey);

    const revoked = await httpJson(
      'POST',
      url(`/v1/enterprises/${enterprise.id}/api-key/revocation`),
      operator({ reason: 'leaked in a log' }),
    );
    expect(revoked.status).toBe(200);
    expect(Object.keys(revoked.body)).toEqual(['revokedAt']);
    const afterRevocation = (await httpJson('GET', url(`/v1/enterprises/${enterprise.id}`), operator())).body;
    expect(afterRevocation.credentials.apiKeyRevokedAt).toBe(revoked.body.revokedAt);
    expect(afterRevocation.credentials).not.toHaveProperty('previousApiKeyValidUntil');
    expect(afterRevocation.credentials).not.toHaveProperty('apiKeyExpiresAt');
    expect(
      (await httpJson('GET', url(`/v1/enterprises/${enterprise.id}/webhook-subscriptions`), { token: rotated.body.apiKey })).status,
    ).toBe(401);

    const audit = (await httpJson('GET', url(`/v1/operator/credential-audit?partnerId=${enterprise.id}`), operator())).body.items;
    expect(audit).toEqual([
      expect.objectContaining({ action: 'api-key.revoked', partner: { kind: 'enterprise', id: enterprise.id }, actor: 'ops-bob' }),
      expect.objectContaining({
        action: 'api-key.rotated',
        reason: 'yearly rotation',
        previousValidUntil: rotated.body.previousKeyValidUntil,
      }),
    ]);
  });

  it("changes an enterprise's subscription and rotates its secret; reads never show a secret", async () => {
    const enterprise = (await httpJson('POST', url('/v1/enterprises'), operator({ name: 'Hooked Motors', country: 'CN' }))).body;
    const key = { token: enterprise.apiKey };
    const base = `/v1/enterprises/${enterprise.id}/webhook-subscriptions`;
    const created = await httpJson('POST', url(base), { ...key, body: { url: 'https://hooks.example.com/outcomes' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ enterpriseId: enterprise.id, eventTypes: [], programmes: [], cohorts: [], status: 'active' });
    expect(created.body).not.toHaveProperty('schoolId');

    const paused = await httpJson('PATCH', url(`${base}/${created.body.id}`), {
      ...key,
      body: { status: 'disabled', cohorts: ['2025'], eventTypes: ['talent.placement.hired.v1'] },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      id: created.body.id,
      status: 'disabled',
      disabledReason: 'disabled by the enterprise',
      cohorts: ['2025'],
      eventTypes: ['talent.placement.hired.v1'],
    });
    expect(Date.parse(paused.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));
    expect(paused.body).not.toHaveProperty('secret');

    const rotated = await httpJson('POST', url(`${base}/${created.body.id}/rotate-secret`), { ...key, body: { gracePeriodSeconds: 3600 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3_500_000);

    const listed = (await httpJson('GET', url(base), key)).body.items;
    expect(listed).toEqual([
      expect.objectContaining({ id: created.body.id, previousSecretExpiresAt: rotated.body.previousSecretExpiresAt }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });

  it("lists a school's erasure requests, newest first, with their proof so far", async () => {
    const school = (await httpJson('POST', url('/v1/schools'), operator({ name: 'Erasing College', country: 'CN' }))).body;
    const register = async (givenName: string) =>
      (
        await httpJson('POST', url('/v1/students'), {
          token: ADMIN_TOKEN,
          body: { schoolId: school.id, givenName, familyName: 'Zhang', programme: 'welding', cohort: '2024', externalIds: [] },
        })
      ).body;
    const first = await register('Min');
    const second = await register('Hua');
    const file = (studentId: string) =>
      httpJson('POST', url(`/v1/schools/${school.id}/students/${studentId}/erasure-requests`), {
        token: school.apiKey,
        body: { reason: 'GDPR Art. 17(1)(a)' },
      });
    const filedFirst = await file(first.id);
    expect(filedFirst.status).toBe(202);
    // A later requestedAt, so "newest first" is decided by time, not by the ids' tie-break.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const filedSecond = await file(second.id);

    const page = await httpJson('GET', url(`/v1/schools/${school.id}/erasure-requests`), { token: school.apiKey });
    expect(page.status).toBe(200);
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual([filedSecond.body.id, filedFirst.body.id]);
    expect(page.body.items[1]).toMatchObject({
      studentId: first.id,
      schoolId: school.id,
      origin: 'school',
      reason: 'GDPR Art. 17(1)(a)',
      requestedBy: `school:${school.id}`,
    });
    expect(page.body.items[1].services.map((s: { service: string }) => s.service)).toEqual([
      'talent-pipeline',
      'teacher-secondment',
      'rd-collaboration',
    ]);
    expect(page.body).not.toHaveProperty('nextCursor');

    const firstOnly = await httpJson('GET', url(`/v1/schools/${school.id}/erasure-requests?limit=1`), { token: school.apiKey });
    expect(firstOnly.body.items).toHaveLength(1);
    expect(typeof firstOnly.body.nextCursor).toBe('string');
  });
});
