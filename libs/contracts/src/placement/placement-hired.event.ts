import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { PlacementOutcomeSchema } from './placement-outcome.schema';

export const PlacementHired = defineEventContract({
  type: 'talent.placement.hired.v1',
  topic: Topics.placementOutcomes,
  description: 'Placement outcome for schools: the placement was hired.',
  schema: PlacementOutcomeSchema.extend({ outcome: z.literal('hired') }),
});
