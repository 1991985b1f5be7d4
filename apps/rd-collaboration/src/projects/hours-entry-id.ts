import { uuidShapedIdOf } from '../shared/idempotency';

/** A stable UUID-shaped id from the key, so the secondment service deduplicates a retried entry too. */
export function entryIdFor(projectId: string, participationId: string, key: string): string {
  return uuidShapedIdOf(`${projectId}|${participationId}|${key}`);
}
