import { PLACEMENT_KINDS } from '@app/contracts';
import { z } from 'zod';
import { OfferedSupervisorSchema } from '../supervisors/supervisor.response';
import { AGREEMENT_PARTIES } from './domain/agreement-sign-off';
import { ATTENDANCE_STATUSES } from './domain/attendance';
import { PLACEMENT_PERSONAL_FIELDS } from './domain/placement-personal-fields';
import { PLACEMENT_STATUSES } from './domain/placement-lifecycle';

/**
 * What the placement answers carry, documented in the OpenAPI document from these schemas; the
 * view functions (placement.view.ts) return their output types, so the two cannot drift apart.
 */
const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const dateOrInstant = z.union([date, instant]);
const party = z.enum(AGREEMENT_PARTIES);

export const AgreementViewSchema = z.object({
  requiredParties: z.array(party).describe('School, enterprise, and the student, or the guardian instead when the student is a minor.'),
  signatures: z.array(
    z.object({
      party,
      signedBy: z
        .string()
        .describe("Who signed for the party; `[erased]` for the student's or guardian's name after the student's erasure."),
      signedAt: instant,
    }),
  ),
  missingParties: z
    .array(party)
    .describe('Required parties that have not signed yet; the placement becomes active only when none is left.'),
});

export type AgreementView = z.output<typeof AgreementViewSchema>;

export const EvaluationViewSchema = z.object({
  id: z.string(),
  evaluator: z.string(),
  scores: z.record(z.string(), z.int().min(1).max(5)).describe('Competency name -> score 1 (poor) to 5 (excellent).'),
  comment: z.string().optional().describe("Absent when none was given, and removed at the student's erasure."),
  at: instant,
});

export type EvaluationView = z.output<typeof EvaluationViewSchema>;

const endOfPlacement = z
  .object({
    reason: z.string().optional().describe("Why it ended, when given; removed at the student's erasure."),
    lastDay: z.iso.date().optional().describe("The student's last day at the enterprise, when the ERP that ended it said."),
    hoursLogged: z.number().min(0),
    evaluation: z.object({
      count: z.int().min(0),
      averageScore: z.number().nullable().describe('Mean of all scores of all evaluations, 2 decimals; null without evaluations.'),
      competencies: z.record(z.string(), z.number()).describe('Mean score per competency, 2 decimals.'),
    }),
  })
  .describe('How the placement ended: set on reaching completed or terminated.');

const scheduledEnd = z
  .object({
    outcome: z.enum(['completed', 'terminated']).describe('What the placement becomes on `dueOn`.'),
    reason: z.string().optional().describe("The ERP's end reason, when given; removed at the student's erasure."),
    lastDay: date.describe("The student's last day at the enterprise: the placement stays active until then."),
    dueOn: date.describe(
      "The day the end takes effect and the school is told (at midnight in the enterprise's `timeZone`): the day after `lastDay`.",
    ),
    eventId: z.string().describe('The id of the ERP event that scheduled it; a newer ERP end replaces it.'),
    receivedAt: instant,
  })
  .describe(
    'An end the ERP dated in the future: the placement stays active and becomes `outcome` on `dueOn`; dropped if the placement leaves active before.',
  );

const scheduledStart = z
  .object({
    firstDay: date.describe("The student's first day the ERP reported: the placement's `startDate` once it starts."),
    dueOn: date.describe(
      "The day the start takes effect and the school hears `started` (at midnight in the enterprise's `timeZone`): the first day itself.",
    ),
    eventId: z.string().describe('The id of the ERP event that scheduled it; a newer ERP start replaces it.'),
    receivedAt: instant,
  })
  .describe(
    'A start the ERP dated in the future: the placement stays accepted and becomes active on `dueOn`; dropped if the placement leaves accepted before.',
  );

const rescission = (step: 'start' | 'end') =>
  z
    .object({
      at: instant.describe("The rescission's ERP event time: a " + step + ' the ERP dated no later than this is taken back already.'),
      eventId: z.string().describe(`The id of the ERP event that took the ${step} back (erp.placement-${step}-rescinded.v1).`),
      day: date
        .optional()
        .describe(
          `The ${step === 'start' ? 'first' : 'last'} day the rescission named (a SuccessFactors deletion of that day's record): only a ${step} of that day is taken back; one of another day (HR's correction) stands.`,
        ),
      rescindedEventId: z
        .string()
        .optional()
        .describe(
          `The id of the ERP event whose scheduled ${step} it took back, or that it named when none was scheduled (a start held for signatures, or not yet arrived); absent when neither.`,
        ),
    })
    .describe(
      `The ERP's last rescission of a ${step} it had scheduled (ADR 0079): kept when the placement moves on, replaced by the next one.`,
    );

export const PlacementViewSchema = z.object({
  id: z.string(),
  studentId: z.string().describe("The student's id; a bare pseudonym once the student was erased."),
  schoolId: z.string(),
  enterpriseId: z.string(),
  programme: z.string().describe("The student's programme (a change to the student's moves their placements with them)."),
  cohort: z.string().describe("The student's cohort (a change to the student's moves their placements with them)."),
  requisitionId: z.string().optional().describe('The requisition the placement fills, when it was proposed for one.'),
  kind: z.enum(PLACEMENT_KINDS),
  role: z.string(),
  startDate: dateOrInstant,
  endDate: dateOrInstant.optional(),
  status: z.enum(PLACEMENT_STATUSES),
  hire: z.object({ positionTitle: z.string(), hireDate: date }).optional().describe('The ERP hire, once the placement is hired.'),
  agreement: AgreementViewSchema,
  evaluations: z.array(EvaluationViewSchema),
  endOfPlacement: endOfPlacement.optional(),
  scheduledEnd: scheduledEnd.optional(),
  scheduledStart: scheduledStart.optional(),
  rescindedStart: rescission('start').optional(),
  rescindedEnd: rescission('end').optional(),
  history: z.array(
    z.object({
      status: z.enum(PLACEMENT_STATUSES),
      at: instant,
      cause: z.string().describe('`http`, or `<event type> <event id>` of the CloudEvent that caused the change.'),
    }),
  ),
  version: z.int(),
});

export type PlacementView = z.output<typeof PlacementViewSchema>;

const nextCursor = z.string().optional().describe('Pass as `before` for the next page; absent after the last page.');

export const PlacementPageSchema = z.object({ items: z.array(PlacementViewSchema), nextCursor });

export type PlacementPage = z.output<typeof PlacementPageSchema>;

const supervisorsAvailable = z
  .array(OfferedSupervisorSchema)
  .describe('The double-qualified teachers of its school that the secondment service offers as supervisors.');

export const PlacementDetailSchema = PlacementViewSchema.extend({ supervisorsAvailable });

export type PlacementDetail = z.output<typeof PlacementDetailSchema>;

/** What an enterprise reads without the student's consent in force: the placement without the student's personal fields. */
export const RedactedPlacementViewSchema = PlacementViewSchema.omit({
  studentId: true,
  programme: true,
  cohort: true,
  hire: true,
  evaluations: true,
  endOfPlacement: true,
  scheduledEnd: true,
}).extend({
  agreement: AgreementViewSchema.extend({ signatures: z.array(z.object({ party, signedAt: instant })) }),
  redacted: z
    .object({ reason: z.literal('consent not in force'), fields: z.array(z.enum(PLACEMENT_PERSONAL_FIELDS)) })
    .describe(
      "The student's consent `placement` or `data-sharing-with-enterprise` to this enterprise is not in force: these fields are left out.",
    ),
});

export const RedactedPlacementDetailSchema = RedactedPlacementViewSchema.extend({ supervisorsAvailable });

export const EnterprisePlacementPageSchema = z.object({
  items: z.array(z.union([PlacementViewSchema, RedactedPlacementViewSchema])),
  nextCursor,
});

export type EnterprisePlacementPage = z.output<typeof EnterprisePlacementPageSchema>;

export const EnterprisePlacementDetailSchema = z.union([PlacementDetailSchema, RedactedPlacementDetailSchema]);

export type EnterprisePlacementDetail = z.output<typeof EnterprisePlacementDetailSchema>;

export const AttendanceEntryViewSchema = z.object({
  id: z.string().describe('`<placementId>:<Idempotency-Key>` when logged with a key, a UUID otherwise.'),
  placementId: z.string(),
  date,
  hours: z.number().min(0).max(24),
  status: z.enum(ATTENDANCE_STATUSES),
  note: z.string().optional().describe("Removed at the student's erasure."),
  recordedBy: z.string().describe('`operator`, or `enterprise:<enterpriseId>`.'),
  recordedAt: instant,
});

export type AttendanceEntryView = z.output<typeof AttendanceEntryViewSchema>;

const days = z.int().min(0);

export const AttendanceLogSchema = z.object({
  placementId: z.string(),
  studentId: z.string(),
  totals: z.object({
    entries: z.int().min(0),
    hours: z.number().min(0),
    days: z.object({ present: days, absent: days, sick: days, excused: days }).describe('Days logged per attendance status.'),
  }),
  entries: z.array(AttendanceEntryViewSchema).describe('By date, then by when they were recorded.'),
});

export type AttendanceLog = z.output<typeof AttendanceLogSchema>;
