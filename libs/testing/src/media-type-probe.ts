import { randomUUID } from 'node:crypto';

interface BodyDocumentedOperation {
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

/**
 * Sends a form-encoded body to every operation of an OpenAPI document that reads a body (made-up
 * UUIDs in the path, no credentials) and expects 415 problem+json, documented: the refusal comes
 * before authentication and routing, so every such route of the service must give it. Returns
 * the findings; none when all hold.
 */
export async function nonJsonBodyFindings(
  baseUrl: string,
  document: { paths: Record<string, Record<string, BodyDocumentedOperation>> },
): Promise<string[]> {
  const findings: string[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation?.requestBody) continue;
      const route = `${method.toUpperCase()} ${template}`;
      if (!operation.responses?.['415']) findings.push(`${route}: no 415 in the document`);
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID());
      const response = await fetch(`${baseUrl}${path}`, {
        method: method.toUpperCase(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=Form&country=CN',
      });
      const contentType = response.headers.get('content-type') ?? '';
      await response.arrayBuffer();
      if (response.status !== 415 || !contentType.startsWith('application/problem+json')) {
        findings.push(`${route}: answered a form-encoded body with ${response.status} ${contentType}`);
      }
    }
  }
  return findings;
}
