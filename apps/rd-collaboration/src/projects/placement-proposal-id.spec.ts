import { RdPlacementProposed } from '@app/contracts';
import { placementIdFor } from './placement-proposal-id';

describe('placementIdFor', () => {
  it('names the same placement for the same participation, another for another participation or project', () => {
    const id = placementIdFor('project-1', 'participation-1');
    expect(placementIdFor('project-1', 'participation-1')).toBe(id);
    expect(placementIdFor('project-1', 'participation-2')).not.toBe(id);
    expect(placementIdFor('project-2', 'participation-1')).not.toBe(id);
  });

  it('is a UUID the proposal contract accepts', () => {
    for (const participation of ['a', 'b', 'c', 'd']) {
      const placementId = placementIdFor('project-1', participation);
      expect(RdPlacementProposed.schema.shape.placementId.safeParse(placementId).success).toBe(true);
    }
  });
});
