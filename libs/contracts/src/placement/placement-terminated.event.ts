import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { PlacementOutcomeSchema } from './placement-outcome.schema';

export const PlacementTerminated = defineEventContract({
  type: 'talent.placement.terminated.v1',
  topic: Topics.placementOutcomes,
  description: 'Placement outcome for schools: the placement was terminated.',
  schema: PlacementOutcomeSchema.extend({ outcome: z.literal('terminated') }),
});
