import { RD_PARTICIPANT_REFUSAL_REASONS, RD_PLACEMENT_REFUSAL_REASONS } from '@app/contracts';
import { z } from 'zod';
import { CONTRIBUTION_FORMS, CONTRIBUTION_KINDS, SIDES } from './domain/ledger';
import { WITHDRAWAL_REASONS } from './domain/participant-withdrawal';
import { IP_OWNERSHIP, OUTCOME_KINDS } from './project.document';

/**
 * What a project answer carries (GET and every change of a project), documented in the OpenAPI
 * document from this schema; the HTTP fuzz suite checks every accepted answer against it. People
 * the reader may not see keep their row without name, role or activity, marked `redacted`.
 */
const side = z.enum(SIDES);
const amount = z.object({ currency: z.string(), amountMinor: z.int() });
const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });

const placementDecision = z.object({
  status: z.enum(['accepted', 'refused']),
  reason: z.enum(RD_PLACEMENT_REFUSAL_REASONS).optional(),
  detail: z.string().optional(),
  decidedAt: instant,
});

const placementProposal = z.object({
  placementId: z.uuid(),
  role: z.string(),
  startDate: date,
  endDate: date.optional(),
  proposedBy: z.enum(['enterprise', 'school', 'operator']),
  proposedAt: instant,
  proposalEventId: z.string().optional().describe('The CloudEvent id of the rd.placement.proposed.v1 it was published as.'),
  decision: placementDecision.optional().describe("The talent pipeline's answer (talent.rd-placement-decision.v1); absent while awaited."),
  status: z
    .enum(['awaiting-answer', 'unanswered', 'accepted', 'refused'])
    .describe(
      'Where it stands: the answer, or `awaiting-answer` until `answerDueBy` (proposedAt + RD_PLACEMENT_ANSWER_HOURS), `unanswered` after it: ' +
        'the talent pipeline never answered (the proposal was dead-lettered or lost), and proposing the same terms again sends it again (ADR 0070). ' +
        'A proposal of a withdrawn participant or of a closed project shows `awaiting-answer` without `answerDueBy` until an answer comes: nobody waits for it, and it cannot be sent again.',
    ),
  answerDueBy: instant
    .optional()
    .describe(
      'While no answer came and somebody waits for it (not withdrawn, project not closed): when the proposal counts as unanswered.',
    ),
  unansweredAttempts: z
    .array(
      z.object({
        proposalEventId: z.string().optional(),
        proposedBy: z.enum(['enterprise', 'school', 'operator']),
        proposedAt: instant,
        lateAnswer: placementDecision.optional().describe('The answer that came for this sending after it was sent again.'),
      }),
    )
    .optional()
    .describe('Earlier sendings of these terms that went unanswered and were sent again, oldest first.'),
});

const participantCheck = z
  .object({
    status: z.enum(['unchecked', 'pending', 'confirmed', 'refused']),
    joinedEventId: z.string().optional().describe('The CloudEvent id of the rd.participation.joined.v1 the owning service answers.'),
    requestedAt: instant.optional(),
    reason: z.enum(RD_PARTICIPANT_REFUSAL_REASONS).optional().describe('Why it was refused.'),
    detail: z.string().optional(),
    checkedAt: instant.optional().describe('When the owning service answered.'),
    answerDueBy: instant
      .optional()
      .describe(
        'While pending and awaited (the participant not withdrawn, the project not closed): when the answer is due (requestedAt + RD_PARTICIPANT_CHECK_HOURS).',
      ),
    overdue: z
      .boolean()
      .optional()
      .describe(
        'While pending and awaited (as `answerDueBy`): whether `answerDueBy` passed. The owning service never answered (it dead-lettered the joined ' +
          'event, or is down); operators are alerted (rd_participant_checks_overdue). Absent on a withdrawn participant or in a closed project: ' +
          'nobody waits for that answer, and the alert leaves it out. A late answer still settles it.',
      ),
  })
  .describe(
    'Whether the service owning the person (the talent pipeline for a student, the teacher secondment service for a teacher) ' +
      "confirmed them as a person of the project's school (ADR 0082): `pending` until it answers, `confirmed`, or `refused` with " +
      'a reason (`unknown-person`, `person-of-another-school`, `person-erased`): the school should check the id it entered. A refused ' +
      'participant is left out of head counts (a student proposed for a placement is refused by the talent pipeline in turn). `unchecked`: added before checks existed.',
  );

const participant = z.object({
  participationId: z.string(),
  kind: z.enum(['teacher', 'student']),
  personId: z.string(),
  name: z.string().optional(),
  role: z.string().optional(),
  secondmentId: z.string().optional(),
  placementId: z.string().optional(),
  placementProposal: placementProposal.optional(),
  joinedAt: instant,
  check: participantCheck,
  withdrawal: z
    .object({
      reason: z.enum(WITHDRAWAL_REASONS),
      withdrawnAt: instant,
      withdrawnBy: z.enum([...SIDES, 'operator']).describe('The side that withdrew it (a role, not a person).'),
    })
    .optional()
    .describe(
      'Set once the school took the participant off the project (POST …/withdrawal): the row stays, with its hours, and takes no more placement ' +
        'proposals, nor hours (a leaver’s still for days up to the withdrawal day: the latest calendar day anywhere, UTC+14, at `withdrawnAt`). `entered-in-error` (the wrong id or person, e.g. a refused check) leaves it out of head counts and links no ' +
        'new placement or secondment; `left-project` keeps it counted (the person took part).',
    ),
  erased: z.literal(true).optional(),
  redacted: z.literal(true).optional(),
});

const outcome = z.object({
  outcomeId: z.string(),
  kind: z.enum(OUTCOME_KINDS),
  title: z.string(),
  recordedAt: instant,
  patent: z
    .object({
      status: z.enum(['filed', 'granted']),
      applicationNumber: z.string(),
      patentNumber: z.string().optional(),
      office: z.string(),
      filedOn: date,
      grantedOn: date.optional(),
    })
    .optional(),
  product: z.object({ name: z.string(), novelty: z.enum(['new', 'improved']) }).optional(),
  measurement: z.object({ metric: z.string(), unit: z.string(), baseline: z.number(), result: z.number() }).optional(),
  transfer: z.object({ licensee: z.string(), agreementRef: z.string(), signedOn: date }).optional(),
  publication: z.object({ citation: z.string(), doi: z.string().optional() }).optional(),
});

export const ProjectViewSchema = z.object({
  id: z.string(),
  challengeId: z.string(),
  proposalId: z.string(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  title: z.string(),
  status: z.enum(['active', 'closed']),
  terms: z.object({
    ip: z.object({
      ownership: z.enum(IP_OWNERSHIP),
      licence: z.string(),
      revenueShare: z.object({ enterpriseBasisPoints: z.int(), schoolBasisPoints: z.int() }),
    }),
    budget: amount,
    confidentiality: z.enum(['public', 'confidential']),
    period: z.object({ start: date, end: date }),
  }),
  ledger: z.object({
    pledges: z.array(
      z.object({
        pledgeId: z.string(),
        side,
        kind: z.enum(CONTRIBUTION_KINDS),
        form: z.enum(CONTRIBUTION_FORMS),
        amount,
        description: z.string(),
      }),
    ),
    deliveries: z.array(z.object({ contributionId: z.string(), pledgeId: z.string(), amount, deliveredOn: date })),
    summary: z.object({
      currency: z.string(),
      budgetMinor: z.int(),
      balanced: z.boolean(),
      fullyDelivered: z.boolean(),
      sides: z.array(
        z.object({
          side,
          pledgedMinor: z.int(),
          deliveredMinor: z.int(),
          outstandingMinor: z.int(),
          cashMinor: z.int(),
          inKindMinor: z.int(),
        }),
      ),
    }),
  }),
  participants: z.array(participant),
  hours: z.array(
    z.object({
      entryId: z.string(),
      participationId: z.string(),
      personId: z.string(),
      date,
      hours: z.number(),
      activity: z.string().optional(),
      published: z.boolean(),
      redacted: z.literal(true).optional(),
    }),
  ),
  milestones: z.array(
    z.object({
      milestoneId: z.string(),
      title: z.string(),
      deliverables: z.array(z.string()),
      dueOn: date,
      status: z.enum(['planned', 'delivered', 'accepted', 'rejected']),
      history: z.array(
        z.object({
          status: z.enum(['planned', 'delivered', 'accepted', 'rejected']),
          at: instant,
          by: z.enum([...SIDES, 'operator']),
          note: z.string().optional(),
        }),
      ),
    }),
  ),
  changeRequests: z.array(
    z.object({
      changeRequestId: z.string(),
      proposedBy: side,
      description: z.string(),
      newEnd: date.optional(),
      status: z.enum(['proposed', 'approved', 'rejected']),
      proposedAt: instant,
      decidedAt: instant.optional(),
    }),
  ),
  outcomes: z.array(outcome),
  placementLinks: z.array(
    z.object({
      placementId: z.string(),
      studentId: z.string(),
      status: z.string(),
      ledToHire: z.boolean(),
      hire: z.object({ positionTitle: z.string(), hireDate: date }).optional(),
      linkedAt: instant,
    }),
  ),
  ledToHire: z.boolean(),
  closure: z.object({ summary: z.string(), lessonsLearned: z.string(), closedAt: instant }).nullable(),
  createdAt: instant,
  version: z.int(),
});

export type ProjectView = z.output<typeof ProjectViewSchema>;

const view = ProjectViewSchema.shape;
const titled = <T extends z.ZodRawShape>(details: z.ZodOptional<z.ZodObject<T>>) => details.unwrap().extend({ title: z.string() });

/** The closure report (GET …/closure-report): what the project set out to do, what it delivered, produced and led to. */
export const ClosureReportSchema = z.object({
  projectId: z.string(),
  title: z.string(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  status: view.status,
  period: view.terms.shape.period,
  closure: view.closure,
  ledger: view.ledger.shape.summary,
  milestones: z.object({
    total: z.int(),
    accepted: z.int(),
    open: z.array(z.object({ milestoneId: z.string(), title: z.string(), status: z.enum(['planned', 'delivered', 'rejected']) })),
  }),
  outcomes: z.object({
    patents: z.array(titled(outcome.shape.patent)),
    products: z.array(titled(outcome.shape.product)),
    processImprovements: z.array(
      titled(outcome.shape.measurement)
        .partial({ metric: true, unit: true, baseline: true, result: true })
        .extend({ change: z.number().nullable().describe('result − baseline; null when no measurement was recorded.') }),
    ),
    technologyTransfers: z.array(titled(outcome.shape.transfer)),
    publications: z.array(titled(outcome.shape.publication)),
  }),
  people: z.object({
    teachers: z.int().describe('Teachers who took part: people, so one withdrawn and added again counts once.'),
    students: z.int().describe('Students who took part: people, so one withdrawn and added again counts once.'),
    refused: z
      .int()
      .describe(
        'Participants the owning service refused (ADR 0082) and the school did not withdraw, counted in neither teachers nor students.',
      ),
    enteredInError: z
      .int()
      .describe('Participants the school withdrew as entered in error (ADR 0082, addendum), counted in no other head count.'),
    teacherHours: z
      .number()
      .describe('Published hours of the participating teachers, without those of rows withdrawn as entered in error (un-credited).'),
  }),
  placements: view.placementLinks,
  ledToHire: z.boolean(),
});

export type ClosureReport = z.output<typeof ClosureReportSchema>;

export const ProjectListSchema = z.object({ items: z.array(ProjectViewSchema) });
