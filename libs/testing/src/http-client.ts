/** Minimal JSON-over-HTTP helper for tests and the demo. */
export async function httpJson(
  method: string,
  url: string,
  { token, body }: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body: parsed, contentType: response.headers.get('content-type') };
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
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} -> ${response.status} ${text}`);
  return { contentType: response.headers.get('content-type') ?? '', text };
}
