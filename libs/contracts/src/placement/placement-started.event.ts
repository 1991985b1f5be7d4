import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { PlacementOutcomeSchema } from './placement-outcome.schema';

export const PlacementStarted = defineEventContract({
  type: 'talent.placement.started.v1',
  topic: Topics.placementOutcomes,
  description: 'Placement outcome for schools: the placement was started.',
  schema: PlacementOutcomeSchema.extend({ outcome: z.literal('started') }),
});
