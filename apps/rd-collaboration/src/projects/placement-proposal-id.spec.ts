import { RdPlacementProposed } from '@app/contracts';
import { placementIdFor } from './placement-proposal-id';

describe('placementIdFor', () => {
  it('names the same placement for the same participation, another for another participation or project', () => {
    const id = placementIdFor('project-1', 'participation-1');
    expect(placementIdFor('project-1', 'participation-1')).toBe(id);
    expect(placementIdFor('project-1', 'participation-2')).not.toBe(id);
    expect(placementIdFor('project-2', 'participation-1')).not.toBe(id);
    // Placements already proposed carry ids derived so: the derivation never changes.
    expect(id).toBe('3e0230fb-4790-5d15-aaa6-0d42d0ff7e56');
  });

  it('is a UUID the proposal contract accepts', () => {
    for (const participation of ['a', 'b', 'c', 'd']) {
      const placementId = placementIdFor('project-1', participation);
      expect(RdPlacementProposed.schema.shape.placementId.safeParse(placementId).success).toBe(true);
    }
  });
});
