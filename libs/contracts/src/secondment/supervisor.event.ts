import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { DOUBLE_QUALIFIED_TIERS } from './secondment.schema';

const id = z.string().min(1).max(128);

export const SupervisorOffered = defineEventContract({
  type: 'secondment.supervisor.offered.v1',
  topic: Topics.supervisors,
  description: 'A double-qualified teacher is offered to the talent pipeline as a placement supervisor.',
  schema: z.object({
    teacherId: id,
    schoolId: id,
    displayName: z.string().min(1).max(200),
    subject: z.string().min(1).max(200),
    tier: z.enum(DOUBLE_QUALIFIED_TIERS),
    credentialId: id,
    occurredAt: z.iso.datetime(),
  }),
});

export const SupervisorWithdrawn = defineEventContract({
  type: 'secondment.supervisor.withdrawn.v1',
  topic: Topics.supervisors,
  description: 'A teacher is no longer offered as a placement supervisor (credential revoked or teacher left).',
  schema: z.object({
    teacherId: id,
    schoolId: id,
    reason: z.string().min(1).max(1000),
    occurredAt: z.iso.datetime(),
  }),
});
