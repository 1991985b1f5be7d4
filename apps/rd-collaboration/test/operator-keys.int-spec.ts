import { randomUUID } from 'node:crypto';
import { httpJson, operatorKeyFindings, postOk, testOperatorKey } from '@app/testing';
import { ADMIN_TOKEN, challengeBody, proposalBody, RdService, seedPair, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

const alice = testOperatorKey('alice@ops', 'op_alice-rd-key-0123456789');
/** A support operator's key: every operator route except reads of personal data (ADR 0078). */
const sam = testOperatorKey('sam@support', 'op_sam-support-key-0123456789-rd', { noPersonalData: true });

/**
 * Operators with keys of their own in the R&D service (OPERATOR_KEYS, ADR 0073): a key is the
 * operator role everywhere the operator may go, and its reads of people's data are logged under
 * its operator. Real Kafka and Mongo.
 */
describe('operator keys in the R&D service (real Kafka + Mongo)', () => {
  let rd: RdService;

  beforeAll(async () => {
    rd = await startRdCollaboration({ OPERATOR_KEYS: `${alice.entry},${sam.entry}` });
  });
  afterAll(async () => rd?.close());

  it('an operator key reads projects as its operator; naming another, the shared token or a key without the permission to read personal data is refused and not logged; that key also may not move a proposal', async () => {
    const pair = await seedPair(rd);
    const challenge = await postOk(`${rd.baseUrl}/v1/challenges`, pair.enterpriseKey, challengeBody());
    const proposal = await postOk(`${rd.baseUrl}/v1/challenges/${challenge.id}/proposals`, pair.schoolKey, proposalBody());
    const reviewerId = `probe-reviewer-${randomUUID().slice(0, 8)}`;
    const findings = await operatorKeyFindings({
      baseUrl: rd.baseUrl,
      sharedToken: ADMIN_TOKEN,
      operator: alice,
      restricted: sam,
      personalDataRead: { path: '/v1/projects', route: 'GET /v1/projects' },
      // A stage move answers with the proposal, its team by name: refused like the read (ADR 0078 addendum).
      personalDataWrite: {
        method: 'POST',
        path: `/v1/proposals/${proposal.id}/stage`,
        route: 'POST /v1/proposals/:id/stage',
        body: { to: 'qualified' },
        readBack: `/v1/proposals/${proposal.id}`,
      },
      // A reviewer's key reads the proposals assigned to it, teams by name: refused to the restricted key (ADR 0078 second addendum).
      keyIssue: {
        method: 'POST',
        path: '/v1/access-keys',
        route: 'POST /v1/access-keys',
        body: { role: 'reviewer', reviewerId, label: 'operator key probe' },
        readBack: `/v1/access-keys?holderId=${reviewerId}`,
      },
    });
    expect(findings).toEqual([]);
  });

  it('an operator key takes the operator role on the service’s own routes; an unknown key is no one', async () => {
    const keys = await httpJson('GET', `${rd.baseUrl}/v1/access-keys?holderId=${randomUUID()}`, { token: alice.key, operator: false });
    expect(keys.status).toBe(200);
    const unknown = await httpJson('GET', `${rd.baseUrl}/v1/access-keys?holderId=${randomUUID()}`, {
      token: 'op_not-configured-0123456789',
      operator: false,
    });
    expect(unknown.status).toBe(401);
  });
});
