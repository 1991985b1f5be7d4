import { createHash } from 'node:crypto';

/** A stable UUID-shaped id from the key, so the secondment service deduplicates a retried entry too. */
export function entryIdFor(projectId: string, participationId: string, key: string): string {
  const hex = createHash('sha256').update(`${projectId}|${participationId}|${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
