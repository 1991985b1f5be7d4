import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

/**
 * Why the service that owns a person refused an R&D participation naming them (ADR 0082). Each
 * is something the school can see and fix: a mistyped id, another school's person, or a person
 * erased (whose participation can link nothing any more).
 */
export const RD_PARTICIPANT_REFUSAL_REASONS = ['unknown-person', 'person-of-another-school', 'person-erased'] as const;
export type RdParticipantRefusalReason = (typeof RD_PARTICIPANT_REFUSAL_REASONS)[number];

export const RD_PARTICIPANT_CHECK_OUTCOMES = ['confirmed', 'refused'] as const;

/**
 * The owner's answer to one rd.participation.joined.v1: the participation it names, the joined
 * event it answers and the school it was checked against. No person id: the project knows its
 * participant, so the answer topics carry no personal data.
 */
const RdParticipantCheckedSchema = z
  .object({
    participationId: z.string().min(1).max(100),
    projectId: z.string().min(1).max(100),
    schoolId: z.string().min(1).max(100),
    joinedEventId: z.string().min(1).max(200),
    outcome: z.enum(RD_PARTICIPANT_CHECK_OUTCOMES),
    /** Present exactly when refused. */
    reason: z.enum(RD_PARTICIPANT_REFUSAL_REASONS).optional(),
    /** For people: what is wrong, without personal data. */
    detail: z.string().min(1).max(1000).optional(),
    occurredAt: z.iso.datetime(),
  })
  .refine((d) => (d.outcome === 'refused') === (d.reason !== undefined), {
    message: 'reason is given exactly when the outcome is refused',
    path: ['reason'],
  });

export const TalentRdParticipantChecked = defineEventContract({
  type: 'talent.rd-participant-checked.v1',
  topic: Topics.talentRdParticipantChecks,
  description:
    "The talent pipeline's answer to a student joining an R&D project: confirmed (a student of the project's school) or refused with why.",
  schema: RdParticipantCheckedSchema,
});

export const SecondmentRdParticipantChecked = defineEventContract({
  type: 'secondment.rd-participant-checked.v1',
  topic: Topics.secondmentRdParticipantChecks,
  description:
    "The teacher secondment service's answer to a teacher joining an R&D project: confirmed (a teacher of the project's school) or refused with why.",
  schema: RdParticipantCheckedSchema,
});

export type RdParticipantCheckAnswer =
  { outcome: 'confirmed' } | { outcome: 'refused'; reason: RdParticipantRefusalReason; detail: string };

/**
 * The owner's decision, the same in both owners: `person` is what it holds under the id (null
 * for nothing, 'erased' for a person erased, else their school). A person of another school is
 * refused without saying which school, so the answer discloses nothing about them.
 */
export function rdParticipantCheckOf(
  person: { schoolId: string } | 'erased' | null,
  schoolId: string,
  kind: 'student' | 'teacher',
): RdParticipantCheckAnswer {
  const owner = kind === 'student' ? 'the talent pipeline' : 'the teacher secondment service';
  if (person === null) return { outcome: 'refused', reason: 'unknown-person', detail: `${owner} has no ${kind} with this id` };
  if (person === 'erased') {
    return { outcome: 'refused', reason: 'person-erased', detail: `the ${kind} with this id was erased (a privacy request)` };
  }
  if (person.schoolId !== schoolId) {
    return {
      outcome: 'refused',
      reason: 'person-of-another-school',
      detail: `the ${kind} with this id is not a ${kind} of school ${schoolId}`,
    };
  }
  return { outcome: 'confirmed' };
}
