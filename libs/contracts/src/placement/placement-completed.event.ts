import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { PlacementOutcomeSchema } from './placement-outcome.schema';

export const PlacementCompleted = defineEventContract({
  type: 'talent.placement.completed.v1',
  topic: Topics.placementOutcomes,
  description: 'Placement outcome for schools: the placement was completed.',
  schema: PlacementOutcomeSchema.extend({ outcome: z.literal('completed') }),
});
