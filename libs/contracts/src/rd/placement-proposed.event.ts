import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

export const RD_PROPOSERS = ['enterprise', 'school', 'operator'] as const;

/**
 * A student of an R&D project proposed for an R&D internship (placement kind `rd-internship`)
 * at the project's enterprise. The talent pipeline creates the placement in its first state
 * (`proposed`) under `placementId`, after the same checks as a placement proposed over its API
 * (known student and enterprise, an active agreement covering `rd-internship` on `startDate`,
 * the student's `placement` consent for the enterprise). `placementId` is chosen by the R&D
 * service, stable per project participation, so a redelivery or a repeated proposal is one
 * placement, and the project can follow it to "led to a hire" before it exists.
 */
export const RdPlacementProposed = defineEventContract({
  type: 'rd.placement.proposed.v1',
  topic: Topics.rdPlacementProposals,
  description: "A student of an R&D project was proposed for an R&D internship at the project's enterprise.",
  schema: z.object({
    placementId: z.uuid(),
    projectId: z.string().min(1).max(100),
    participationId: z.string().min(1).max(100),
    // The talent pipeline's ids of the enterprise, school and student: it refuses any other.
    enterpriseId: z.uuid(),
    schoolId: z.uuid(),
    studentId: z.uuid(),
    role: z.string().min(1).max(200),
    startDate: z.iso.date(),
    endDate: z.iso.date().optional(),
    proposedBy: z.enum(RD_PROPOSERS),
    occurredAt: z.iso.datetime(),
  }),
});
