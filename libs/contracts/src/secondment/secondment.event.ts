import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { SecondmentEventSchema } from './secondment.schema';

export const SecondmentRequested = defineEventContract({
  type: 'secondment.requested.v1',
  topic: Topics.secondments,
  description: 'A teacher was requested for a host post; it awaits approval by the school and by the enterprise.',
  schema: SecondmentEventSchema,
});

export const SecondmentApproved = defineEventContract({
  type: 'secondment.approved.v1',
  topic: Topics.secondments,
  description: 'The second of the two approvals (school and enterprise) was given; the secondment can start.',
  schema: SecondmentEventSchema,
});

export const SecondmentStarted = defineEventContract({
  type: 'secondment.started.v1',
  topic: Topics.secondments,
  description: 'The teacher started practising at the host enterprise.',
  schema: SecondmentEventSchema,
});

export const SecondmentCompleted = defineEventContract({
  type: 'secondment.completed.v1',
  topic: Topics.secondments,
  description: 'The secondment ended as planned; hoursLogged is the countersigned practice total.',
  schema: SecondmentEventSchema,
});

export const SecondmentCancelled = defineEventContract({
  type: 'secondment.cancelled.v1',
  topic: Topics.secondments,
  description: 'The school or the enterprise cancelled the secondment before it completed.',
  schema: SecondmentEventSchema,
});

export const SecondmentWithdrawn = defineEventContract({
  type: 'secondment.withdrawn.v1',
  topic: Topics.secondments,
  description: 'The teacher (or the school on their behalf) withdrew the request before it became active.',
  schema: SecondmentEventSchema,
});
