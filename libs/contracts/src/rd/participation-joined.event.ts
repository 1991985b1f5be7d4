import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

export const RD_PARTICIPANT_KINDS = ['teacher', 'student'] as const;
export type RdParticipantKind = (typeof RD_PARTICIPANT_KINDS)[number];

/** Who takes part in which project: the fields every participation event names it by. */
export const RD_PARTICIPATION_FIELDS = {
  participationId: z.string().min(1).max(100),
  projectId: z.string().min(1).max(100),
  enterpriseId: z.string().min(1).max(100),
  schoolId: z.string().min(1).max(100),
  participantKind: z.enum(RD_PARTICIPANT_KINDS),
  personId: z.string().min(1).max(100),
};

export const RdParticipationJoined = defineEventContract({
  type: 'rd.participation.joined.v1',
  topic: Topics.rdParticipation,
  description: 'A teacher or a student joined an R&D project (with the secondment or placement that links them, when known).',
  schema: z.object({
    ...RD_PARTICIPATION_FIELDS,
    role: z.string().min(1).max(200),
    secondmentId: z.string().min(1).max(100).optional(),
    placementId: z.string().min(1).max(100).optional(),
    occurredAt: z.iso.datetime(),
  }),
});
