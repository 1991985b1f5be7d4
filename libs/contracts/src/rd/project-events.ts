import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

const id = z.string().min(1).max(100);

/** ISO 4217 amount in integer minor units (cents, fen): money never travels as a float. */
export const RdMoneySchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  amountMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export const RD_CONTRIBUTION_SIDES = ['enterprise', 'school'] as const;
export const RD_CONTRIBUTION_KINDS = ['funding', 'equipment', 'staff-hours'] as const;
export const RD_CONTRIBUTION_FORMS = ['cash', 'in-kind'] as const;
export const RD_OUTCOME_KINDS = ['patent', 'product', 'process-improvement', 'technology-transfer', 'publication'] as const;

const projectRef = { projectId: id, enterpriseId: id, schoolId: id, occurredAt: z.iso.datetime() };

export const RdProjectStarted = defineEventContract({
  type: 'rd.project.started.v1',
  topic: Topics.rdProjects,
  description: 'A selected proposal became an R&D project between a school and an enterprise.',
  schema: z.object({
    ...projectRef,
    challengeId: id,
    proposalId: id,
    title: z.string().min(1).max(200),
    budget: RdMoneySchema,
    period: z.object({ start: z.iso.date(), end: z.iso.date() }),
  }),
});

export const RdContributionDelivered = defineEventContract({
  type: 'rd.project.contribution-delivered.v1',
  topic: Topics.rdProjects,
  description: 'One side of an R&D project delivered a contribution (funding, equipment or staff hours; cash or in kind).',
  schema: z.object({
    ...projectRef,
    contributionId: id,
    side: z.enum(RD_CONTRIBUTION_SIDES),
    kind: z.enum(RD_CONTRIBUTION_KINDS),
    form: z.enum(RD_CONTRIBUTION_FORMS),
    value: RdMoneySchema,
  }),
});

export const RdOutcomeRecorded = defineEventContract({
  type: 'rd.project.outcome-recorded.v1',
  topic: Topics.rdProjects,
  description: 'An R&D project recorded an outcome (patent, product, process improvement, technology transfer, publication).',
  schema: z.object({
    ...projectRef,
    outcomeId: id,
    kind: z.enum(RD_OUTCOME_KINDS),
    title: z.string().min(1).max(300),
  }),
});

export const RdProjectClosed = defineEventContract({
  type: 'rd.project.closed.v1',
  topic: Topics.rdProjects,
  description: 'An R&D project was closed with its closure report.',
  schema: z.object({
    ...projectRef,
    ledHire: z.boolean(),
    outcomes: z.number().int().nonnegative(),
  }),
});
