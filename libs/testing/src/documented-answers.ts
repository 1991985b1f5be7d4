import { documentedMediaTypes, documentedResponseSchema, mediaTypeOf, responseProblems } from './openapi-validity';

/**
 * Checks answers the tests receive against what the service's OpenAPI document (/docs-json)
 * says they carry. Switched on for the integration and end-to-end suites
 * (jest-check-documented-answers.ts), so every test that reads a 2xx JSON answer through
 * `httpJson` is also a check of that route's documented response schema: a field renamed, made
 * optional or added without the document following fails the test that sees it.
 */
let checking = false;

export function checkAnswersAgainstOpenApi(on: boolean): void {
  checking = on;
}

/** Fetched once per origin; `undefined` when the origin serves no OpenAPI document (a webhook receiver, a stub). */
const documents = new Map<string, Promise<OpenApiDocument | undefined>>();

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/**
 * Throws when a 2xx answer is not what the origin documents for the route, method and status: a
 * JSON `body` that does not match the documented schema, or an answer of another kind (a CSV
 * export, an HTML page) whose media type the route does not list.
 */
export async function assertAnswerAsDocumented(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): Promise<void> {
  if (!checking || status < 200 || status >= 300 || !contentType) return;
  const { origin, pathname } = new URL(url);
  if (pathname === '/docs-json') return;
  const document = await documentOf(origin);
  const template = document && routeTemplate(Object.keys(document.paths), pathname);
  if (!template) return;
  if (!contentType.includes('json')) {
    const mediaType = mediaTypeOf(contentType);
    const documented = documentedMediaTypes(document, template, method.toLowerCase(), status);
    if (documented.length > 0 && !documented.includes(mediaType)) {
      throw new Error(
        `${method} ${pathname} answered ${status} as ${mediaType}; /docs-json documents ${documented.join(', ')} for ${template}`,
      );
    }
    return;
  }
  const schema = documentedResponseSchema(document, template, method.toLowerCase(), status);
  // An answer documented without a schema is not checked here; the OpenAPI suites require one for every JSON answer.
  if (!schema) return;
  const problems = responseProblems(schema, body);
  if (problems.length > 0) {
    throw new Error(
      `${method} ${pathname} answered ${status} with a body /docs-json does not document for ${template}:\n  ${problems.join('\n  ')}\n` +
        `body: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}

function documentOf(origin: string): Promise<OpenApiDocument | undefined> {
  let document = documents.get(origin);
  if (!document) {
    document = fetchDocument(origin);
    documents.set(origin, document);
    // A failed fetch (the service was stopping) is not remembered: the next answer asks again.
    void document.then((found) => found ?? documents.delete(origin));
  }
  return document;
}

async function fetchDocument(origin: string): Promise<OpenApiDocument | undefined> {
  try {
    const response = await fetch(`${origin}/docs-json`);
    if (!response.ok) return undefined;
    const document = (await response.json()) as Partial<OpenApiDocument>;
    return document.paths ? (document as OpenApiDocument) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The document's path template that `pathname` is an instance of (`/v1/projects/{id}` for
 * `/v1/projects/4f…`); where several match, the one with the most literal segments, as the
 * router would pick `/v1/projects/search` over `/v1/projects/{id}`.
 */
export function routeTemplate(templates: string[], pathname: string): string | undefined {
  const segments = pathname.split('/');
  let best: { template: string; literals: number } | undefined;
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const matches = parts.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[i] !== '';
      if (part !== decoded(segments[i])) return false;
      literals += 1;
      return true;
    });
    if (matches && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

/** A path segment decoded, or as it is when its percent-encoding is malformed (a fuzz case). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
