import { hashApiKey, NO_PERSONAL_DATA_DETAIL, PERSONAL_DATA_KEY_FORBIDDEN, PERSONAL_DATA_WRITE_FORBIDDEN } from '@app/base';
import { httpJson } from './http-client';

/** An operator key for a service's OPERATOR_KEYS, made the way `npm run ops -- operator-key` makes one. */
export interface TestOperatorKey {
  operatorId: string;
  key: string;
  /** The `operatorId:sha256hex` entry. */
  entry: string;
}

/** With `noPersonalData`, the entry ends with `:no-personal-data` (a support or on-call key, ADR 0078). */
export function testOperatorKey(operatorId: string, key: string, options: { noPersonalData?: boolean } = {}): TestOperatorKey {
  return { operatorId, key, entry: `${operatorId}:${hashApiKey(key)}${options.noPersonalData ? ':no-personal-data' : ''}` };
}

export interface OperatorKeyProbe {
  baseUrl: string;
  /** The service's ADMIN_API_TOKEN (it also has OPERATOR_KEYS set). */
  sharedToken: string;
  operator: TestOperatorKey;
  /** Another operator's key, configured with `:no-personal-data` (testOperatorKey(..., { noPersonalData: true })). */
  restricted: TestOperatorKey;
  /** A route marked as an operator read of personal data, with the people of its answer. */
  personalDataRead: { path: string; route: string; studentIds?: string[]; teacherIds?: string[] };
  /**
   * An operator write marked `@OperatorPersonalDataWrite()` that changes a record `readBack` (a
   * personal-data read, made with the unrestricted key) shows: the restricted key must change
   * nothing there, the unrestricted key must change it.
   */
  personalDataWrite: ProbedWrite;
  /**
   * A route marked `@OperatorIssuesKey()` (it answers with a partner's or a person's API key), and
   * where the keys it issues show (`readBack`, a list or record read with the unrestricted key):
   * the restricted key must be refused and issue none; the unrestricted key issues one.
   */
  keyIssue: ProbedWrite;
}

interface ProbedWrite {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  route: string;
  body?: unknown;
  readBack: string;
}

/** Why each probed write is refused: the detail's words and the sentence its documented 403 carries. */
const REFUSALS = {
  personalDataWrite: { says: "this write answers with a person's record", documented: PERSONAL_DATA_WRITE_FORBIDDEN },
  keyIssue: { says: 'this route answers with an API key that reads personal data', documented: PERSONAL_DATA_KEY_FORBIDDEN },
};

const REASON = { 'x-access-reason': 'ticket OPS-7 (operator key probe)' };

/**
 * What a service with OPERATOR_KEYS must do on an operator read of personal data, as findings
 * (empty when all hold): the key alone (no `X-Operator-Id`) reads and is logged under its own
 * operator as authenticated; the key naming another operator is refused (403) and not logged; the
 * shared token is refused there (403) and not logged, though it still serves operator routes that
 * read no personal data (the access log itself). A key whose entry withholds the permission to read
 * personal data is refused there too (403, ADR 0078) and not logged, while it still reaches the
 * operator routes every service carries that answer no personal data (dead-letter topics, parked
 * outbox events, messaging counters, the access log). It is also refused a write that answers
 * with a person's record, and a route that answers with an API key (403 naming why, documented
 * so in the route's 403); neither changed anything, while the unrestricted key makes both (ADR
 * 0078 addenda).
 */
export async function operatorKeyFindings(probe: OperatorKeyProbe): Promise<string[]> {
  const findings: string[] = [];
  const { baseUrl, operator, personalDataRead } = probe;
  const logged = async () => {
    const log = await httpJson('GET', `${baseUrl}/v1/operator/access-log?limit=1000`, { token: probe.sharedToken, operator: false });
    if (log.status !== 200) findings.push(`the shared token could not read the access log: ${log.status}`);
    return ((log.body?.items ?? []) as Array<Record<string, unknown>>).filter((e) => e.path === personalDataRead.path.split('?')[0]);
  };
  const before = (await logged()).length;

  const read = await httpJson('GET', `${baseUrl}${personalDataRead.path}`, { token: operator.key, operator: false, headers: REASON });
  if (read.status !== 200) findings.push(`the key alone got ${read.status} on ${personalDataRead.path}: ${JSON.stringify(read.body)}`);
  const entries = await logged();
  const entry = entries.find((e) => e.operatorId === operator.operatorId);
  if (entries.length !== before + 1 || !entry) {
    findings.push(`the key's read left ${entries.length - before} log entries, none or not only under ${operator.operatorId}`);
  } else {
    const expected = {
      authenticated: true,
      route: personalDataRead.route,
      reason: REASON['x-access-reason'],
      studentIds: personalDataRead.studentIds ?? [],
      teacherIds: personalDataRead.teacherIds,
    };
    const actual = {
      authenticated: entry.authenticated,
      route: entry.route,
      reason: entry.reason,
      studentIds: entry.studentIds,
      teacherIds: entry.teacherIds,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      findings.push(`the key's read was logged as ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
    }
  }

  const refusals = [
    {
      what: 'the key naming another operator',
      token: operator.key,
      headers: { ...REASON, 'x-operator-id': `not-${operator.operatorId}` },
    },
    { what: 'the shared token', token: probe.sharedToken, headers: { ...REASON, 'x-operator-id': operator.operatorId } },
    { what: 'the key without the permission to read personal data', token: probe.restricted.key, headers: REASON },
  ];
  for (const refusal of refusals) {
    const answer = await httpJson('GET', `${baseUrl}${personalDataRead.path}`, {
      token: refusal.token,
      operator: false,
      headers: refusal.headers,
    });
    if (answer.status !== 403 || !answer.contentType?.includes('application/problem+json')) {
      findings.push(`${refusal.what} got ${answer.status} (${answer.contentType}) on ${personalDataRead.path}, not a 403 problem`);
    } else if (refusal.token === probe.restricted.key && !String(answer.body?.detail).startsWith(NO_PERSONAL_DATA_DETAIL)) {
      findings.push(`${refusal.what} was refused for another reason: ${JSON.stringify(answer.body?.detail)}`);
    }
  }
  const after = await logged();
  if (after.length !== before + 1) findings.push(`the refused reads left ${after.length - before - 1} log entries`);

  findings.push(...(await refusedWriteFindings(probe, 'personalDataWrite')));
  findings.push(...(await refusedWriteFindings(probe, 'keyIssue')));

  for (const path of OPERATOR_ROUTES_WITHOUT_PERSONAL_DATA) {
    const answer = await httpJson('GET', `${baseUrl}${path}`, { token: probe.restricted.key, operator: false });
    if (answer.status !== 200)
      findings.push(`the key without the permission got ${answer.status} on ${path}, which holds no personal data`);
  }
  const everything = await httpJson(
    'GET',
    `${baseUrl}/v1/operator/access-log?operatorId=${encodeURIComponent(probe.restricted.operatorId)}`,
    {
      token: probe.sharedToken,
      operator: false,
    },
  );
  if (everything.status !== 200 || everything.body?.items?.length !== 0) {
    findings.push(`the key without the permission appears in the access log: ${everything.status} ${JSON.stringify(everything.body)}`);
  }
  return findings;
}

/** The restricted key's write is refused as documented and changes nothing; the unrestricted key's changes the record. */
async function refusedWriteFindings(probe: OperatorKeyProbe, which: keyof typeof REFUSALS): Promise<string[]> {
  const { baseUrl, operator, restricted } = probe;
  const write = probe[which];
  const refusal = REFUSALS[which];
  const findings: string[] = [];
  const readBack = async () => {
    const answer = await httpJson('GET', `${baseUrl}${write.readBack}`, { token: operator.key, operator: false, headers: REASON });
    if (answer.status !== 200) findings.push(`the key could not read back ${write.readBack}: ${answer.status}`);
    return JSON.stringify(answer.body);
  };
  const as = (key: TestOperatorKey) =>
    httpJson(write.method, `${baseUrl}${write.path}`, { token: key.key, operator: false, body: write.body });
  const before = await readBack();

  const refused = await as(restricted);
  const detail = String(refused.body?.detail);
  if (refused.status !== 403 || !refused.contentType?.includes('application/problem+json')) {
    findings.push(`the key without the permission got ${refused.status} on ${write.method} ${write.path}, not a 403 problem`);
  } else if (!detail.startsWith(NO_PERSONAL_DATA_DETAIL) || !detail.includes(refusal.says)) {
    findings.push(`the key without the permission was refused the write for another reason: ${JSON.stringify(detail)}`);
  }
  if ((await readBack()) !== before) findings.push(`the refused write changed ${write.readBack}`);

  const written = await as(operator);
  if (written.status < 200 || written.status >= 300) {
    findings.push(`the key with the permission got ${written.status} on ${write.method} ${write.path}: ${JSON.stringify(written.body)}`);
  } else if ((await readBack()) === before) {
    findings.push(`${write.readBack} does not show the write, so it cannot tell that the refused one changed nothing`);
  }

  const document = await httpJson('GET', `${baseUrl}/docs-json`);
  const [method, path] = write.route.split(' ');
  const forbidden = document.body?.paths?.[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]?.responses?.['403'];
  if (!String(forbidden?.description).includes(refusal.documented)) {
    findings.push(`the OpenAPI document's 403 of ${write.route} does not name the refusal: ${JSON.stringify(forbidden?.description)}`);
  }
  return findings;
}

/** Operator routes of the library every service carries that answer no personal data. */
const OPERATOR_ROUTES_WITHOUT_PERSONAL_DATA = [
  '/v1/operator/dead-letters',
  '/v1/operator/outbox/parked',
  '/v1/operator/messaging/metrics',
  '/v1/operator/access-log?limit=1',
];
