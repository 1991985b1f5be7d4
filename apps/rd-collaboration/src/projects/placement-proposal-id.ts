import { createHash } from 'node:crypto';

/**
 * The id of the placement a project participation is proposed for: UUID-shaped and stable, so
 * a repeated proposal names the same placement and the talent pipeline creates it once.
 */
export function placementIdFor(projectId: string, participationId: string): string {
  const hex = createHash('sha256').update(`placement-proposal|${projectId}|${participationId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
