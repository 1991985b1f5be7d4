import { z } from 'zod';
import { SECONDMENT_STATUSES } from '@app/contracts';
import { DELIVERABLE_KINDS } from '../shared/deliverable-kinds';

/**
 * What every secondment answer carries (GET and every step of a secondment): its approvals,
 * practice logs, the mentor's evaluation and the deliverables. Actors are named as
 * `school:<id>`, `enterprise:<id>`, `teacher:<id>`, `mentor:<id>` or `operator`.
 */
const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const actor = z
  .string()
  .describe(
    'Who: `school:<id>`, `enterprise:<id>`, `teacher:<id>`, `mentor:<id>`, `operator` (the shared token) or `operator:<id>` (a named operator key).',
  );

const hostSigner = z
  .discriminatedUnion('role', [
    z.object({ role: z.literal('mentor'), id: z.string(), name: z.string() }),
    z.object({ role: z.literal('enterprise'), id: z.string() }),
    z.object({ role: z.literal('operator'), id: z.literal('operator') }),
  ])
  .describe("Who signed for the host: the mentor by its own key, or the enterprise's (or the operator's) key.");

const approval = z.object({ by: actor, at: instant });

export const SecondmentViewSchema = z.object({
  id: z.uuid(),
  teacherId: z.string(),
  schoolId: z.string(),
  enterpriseId: z.string(),
  postId: z.uuid(),
  mentor: z.object({ name: z.string(), contact: z.string().optional() }).describe("The post's mentor when it was requested."),
  status: z.enum(SECONDMENT_STATUSES),
  period: z.object({ start: date, end: date }),
  approvals: z
    .object({ school: approval.optional(), enterprise: approval.optional() })
    .describe('Each party approves once, in either order; the second approval makes it `approved`.'),
  startedOn: date.nullable(),
  endedOn: date.nullable().describe('When it completed, was cancelled or withdrawn.'),
  reason: z.string().nullable().describe('Why it was cancelled or withdrawn.'),
  logs: z.array(
    z.object({
      logId: z.uuid(),
      date,
      hours: z.number(),
      tasks: z.array(z.string()),
      evidence: z.array(z.string()).describe('Links to evidence.'),
      loggedBy: actor,
      loggedAt: instant,
      countersignedBy: actor.optional(),
      countersignedAt: instant.optional().describe('Absent until the host countersigns: only countersigned hours count as practice.'),
      countersigner: hostSigner.optional().describe('Absent on logs countersigned before mentors had keys.'),
    }),
  ),
  countersignedHours: z.number().describe('The hours of the countersigned logs.'),
  evaluation: z
    .object({
      score: z.number().min(1).max(5),
      competencies: z.record(z.string(), z.number()).describe('Score (1-5) per competency.'),
      comment: z.string().optional(),
      evaluatedBy: actor,
      evaluator: hostSigner.optional().describe('Absent on evaluations written before mentors had keys.'),
      evaluatedAt: instant,
    })
    .nullable()
    .describe("The mentor's evaluation; null until given."),
  deliverables: z.array(
    z.object({
      deliverableId: z.uuid(),
      kind: z.enum(DELIVERABLE_KINDS),
      title: z.string(),
      url: z.string().optional(),
      addedBy: actor,
      addedAt: instant,
    }),
  ),
  requestedBy: actor,
  createdAt: instant,
  version: z.int(),
  redacted: z
    .literal(true)
    .optional()
    .describe(
      'Only in answers to the host enterprise or its mentors, on a finished secondment whose teacher objects (ADR 0077): logs, evaluation, deliverables and reason are withheld.',
    ),
});

export const SecondmentListSchema = z.object({ items: z.array(SecondmentViewSchema) });

export type SecondmentView = z.output<typeof SecondmentViewSchema>;
export type SecondmentList = z.output<typeof SecondmentListSchema>;
