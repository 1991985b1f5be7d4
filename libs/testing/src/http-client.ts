import { assertAnswerAsDocumented } from './documented-answers';

/**
 * Who the tests and tools say they are on operator reads of personal data (the operator access
 * log of each of the three services requires both headers there; other routes ignore them).
 */
export interface OperatorIdentity {
  id: string;
  reason: string;
}

export const TEST_OPERATOR: OperatorIdentity = { id: 'test-operator', reason: 'automated test run' };

/**
 * The operator identity headers, sent with every authenticated request unless `operator` is false.
 * With an operator's own key (`op_…`, ADR 0073) only the reason: the key says who the operator is.
 */
export function operatorHeaders(operator: OperatorIdentity | false = TEST_OPERATOR, token?: string): Record<string, string> {
  if (!operator) return {};
  return token?.startsWith('op_')
    ? { 'x-access-reason': operator.reason }
    : { 'x-operator-id': operator.id, 'x-access-reason': operator.reason };
}

/** An answer as the tests read it: the body parsed when it parses as JSON, else its text (undefined when empty). */
export interface CheckedAnswer {
  status: number;
  headers: Headers;
  contentType: string | null;
  text: string;
  body: any;
}

/**
 * `fetch` for tests and tools, with the answer read whole and, under jest, a 2xx answer checked
 * against what the answering service documents for the route (documented-answers.ts): for a
 * request httpJson cannot make (a raw or malformed body, another Accept, a text answer).
 */
export async function fetchChecked(url: string, init: RequestInit = {}): Promise<CheckedAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  await assertAnswerAsDocumented(init.method ?? 'GET', url, response.status, contentType, body);
  return { status: response.status, headers: response.headers, contentType, text, body };
}

/**
 * Minimal JSON-over-HTTP helper for tests and the demo. Under jest a 2xx JSON answer is also
 * checked against the route's documented response schema (documented-answers.ts).
 */
export async function httpJson(
  method: string,
  url: string,
  {
    token,
    body,
    operator,
    headers,
  }: { token?: string; body?: unknown; operator?: OperatorIdentity | false; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; contentType: string | null; headers: Headers }> {
  const answer = await fetchChecked(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}`, ...operatorHeaders(operator, token) } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: answer.body, contentType: answer.contentType, headers: answer.headers };
}

/** POST JSON and return the body; any status from 300 on throws with the problem details. */
export async function postOk(url: string, token: string, body: unknown): Promise<any> {
  const response = await httpJson('POST', url, { token, body });
  if (response.status >= 300) throw new Error(`POST ${url} -> ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** GET JSON and return the body; any status from 300 on throws. */
export async function getOk(url: string, token?: string): Promise<any> {
  const response = await httpJson('GET', url, { token });
  if (response.status >= 300) throw new Error(`GET ${url} -> ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** GET as text (e.g. a CSV report); anything but 200 throws. */
export async function getText(url: string, token: string, accept?: string): Promise<{ contentType: string; text: string }> {
  const answer = await fetchChecked(url, {
    headers: { authorization: `Bearer ${token}`, ...operatorHeaders(TEST_OPERATOR, token), ...(accept ? { accept } : {}) },
  });
  if (answer.status !== 200) throw new Error(`GET ${url} -> ${answer.status} ${answer.text}`);
  return { contentType: answer.contentType ?? '', text: answer.text };
}
