import { uuidShapedIdOf } from '@app/base';

/**
 * The id of the placement a project participation is proposed for: UUID-shaped and stable, so
 * a repeated proposal names the same placement and the talent pipeline creates it once.
 */
export function placementIdFor(projectId: string, participationId: string): string {
  return uuidShapedIdOf(`placement-proposal|${projectId}|${participationId}`);
}
