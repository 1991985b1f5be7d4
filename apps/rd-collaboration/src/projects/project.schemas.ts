import { z } from 'zod';
import { CalendarDate, IdSchema, MoneySchema, boundedText } from '../shared/money';
import { CONTRIBUTION_FORMS, CONTRIBUTION_KINDS, SIDES } from './domain/ledger';
import { WITHDRAWAL_REASONS } from './domain/participant-withdrawal';
import { IP_OWNERSHIP, OUTCOME_KINDS } from './project.document';

const bp = z.number().int().min(0).max(10_000);

export const PledgeSchema = z.strictObject({
  side: z.enum(SIDES),
  kind: z.enum(CONTRIBUTION_KINDS),
  form: z.enum(CONTRIBUTION_FORMS),
  amount: MoneySchema,
  description: boundedText(500),
});

export const CreateProjectSchema = z.strictObject({
  proposalId: IdSchema,
  title: boundedText(200).optional(),
  terms: z.strictObject({
    ip: z.strictObject({
      ownership: z.enum(IP_OWNERSHIP),
      licence: boundedText(1000),
      revenueShare: z.strictObject({ enterpriseBasisPoints: bp, schoolBasisPoints: bp }),
    }),
    budget: MoneySchema,
    confidentiality: z.enum(['public', 'confidential']),
    period: z.strictObject({ start: CalendarDate, end: CalendarDate }),
  }),
  pledges: z.array(PledgeSchema).min(1).max(100),
});
export type CreateProject = z.infer<typeof CreateProjectSchema>;

export const AddParticipantSchema = z.strictObject({
  kind: z.enum(['teacher', 'student']),
  personId: IdSchema,
  name: boundedText(200),
  role: boundedText(200),
});
export type AddParticipant = z.infer<typeof AddParticipantSchema>;

export const WithdrawParticipantSchema = z.strictObject({ reason: z.enum(WITHDRAWAL_REASONS) });
export type WithdrawParticipant = z.infer<typeof WithdrawParticipantSchema>;

export const ProposePlacementSchema = z
  .strictObject({
    role: boundedText(200),
    startDate: CalendarDate,
    endDate: CalendarDate.optional(),
  })
  .refine((p) => p.endDate === undefined || p.startDate <= p.endDate, { path: ['endDate'], message: 'must not be before startDate' });
export type ProposePlacement = z.infer<typeof ProposePlacementSchema>;

export const LogHoursSchema = z.strictObject({
  date: CalendarDate,
  hours: z.number().positive().max(24).multipleOf(0.25, 'hours are logged in quarter hours'),
  activity: boundedText(500),
});
export type LogHours = z.infer<typeof LogHoursSchema>;

export const AddMilestoneSchema = z.strictObject({
  title: boundedText(300),
  deliverables: z.array(boundedText(500)).min(1).max(30),
  dueOn: CalendarDate,
});
export type AddMilestone = z.infer<typeof AddMilestoneSchema>;

export const MilestoneActionSchema = z.strictObject({
  action: z.enum(['deliver', 'accept', 'reject']),
  note: z.string().min(1).max(2000).optional(),
});
export type MilestoneAction = z.infer<typeof MilestoneActionSchema>;

export const ProposeChangeSchema = z.strictObject({
  description: boundedText(2000),
  newEnd: CalendarDate.optional(),
});
export type ProposeChange = z.infer<typeof ProposeChangeSchema>;

export const DecideChangeSchema = z.strictObject({ decision: z.enum(['approved', 'rejected']) });
export type DecideChange = z.infer<typeof DecideChangeSchema>;

export const DeliverContributionSchema = z.strictObject({
  pledgeId: IdSchema,
  amount: MoneySchema.refine((m) => m.amountMinor > 0, { message: 'must be more than zero', path: ['amountMinor'] }),
  deliveredOn: CalendarDate,
});
export type DeliverContribution = z.infer<typeof DeliverContributionSchema>;

const finite = z.number().finite();
export const RecordOutcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('patent'),
    title: boundedText(300),
    patent: z
      .strictObject({
        status: z.enum(['filed', 'granted']),
        applicationNumber: boundedText(100),
        patentNumber: boundedText(100).optional(),
        office: boundedText(100),
        filedOn: CalendarDate,
        grantedOn: CalendarDate.optional(),
      })
      .refine((p) => p.status === 'filed' || (p.patentNumber && p.grantedOn), {
        path: ['patentNumber'],
        message: 'a granted patent needs patentNumber and grantedOn',
      }),
  }),
  z.strictObject({
    kind: z.literal('product'),
    title: boundedText(300),
    product: z.strictObject({ name: boundedText(200), novelty: z.enum(['new', 'improved']) }),
  }),
  z.strictObject({
    kind: z.literal('process-improvement'),
    title: boundedText(300),
    measurement: z.strictObject({ metric: boundedText(200), unit: boundedText(50), baseline: finite, result: finite }),
  }),
  z.strictObject({
    kind: z.literal('technology-transfer'),
    title: boundedText(300),
    transfer: z.strictObject({ licensee: boundedText(200), agreementRef: boundedText(200), signedOn: CalendarDate }),
  }),
  z.strictObject({
    kind: z.literal('publication'),
    title: boundedText(300),
    publication: z.strictObject({ citation: boundedText(2000), doi: z.string().max(200).optional() }),
  }),
]);
export type RecordOutcome = z.infer<typeof RecordOutcomeSchema>;
export { OUTCOME_KINDS };

export const CloseProjectSchema = z.strictObject({ summary: boundedText(10_000), lessonsLearned: z.string().max(10_000).default('') });
export type CloseProject = z.infer<typeof CloseProjectSchema>;
