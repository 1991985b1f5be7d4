import { z } from 'zod';
import { DOUBLE_QUALIFIED_TIERS } from '@app/contracts';
import { DELIVERABLE_KINDS } from '../../shared/deliverable-kinds';

/** What one double-qualified tier asks for. Every criterion is data, so a jurisdiction can change it. */
export const TierCriteriaSchema = z.object({
  tier: z.enum(DOUBLE_QUALIFIED_TIERS),
  /** Credited practice in the current window, in the rule set's credited days. */
  minCreditedDays: z.number().nonnegative().max(10_000),
  minYearsTeaching: z.number().int().nonnegative().max(60),
  minCompletedSecondments: z.number().int().nonnegative().max(100),
  minDeliverables: z.number().int().nonnegative().max(100),
  requiredDeliverableKinds: z.array(z.enum(DELIVERABLE_KINDS)).max(3).default([]),
  /** Average mentor evaluation (1-5) over completed secondments; null = not required. */
  minMentorScore: z.number().min(1).max(5).nullable(),
});

/**
 * One version of a jurisdiction's enterprise-practice rule, as a document. Versions of one
 * `id` are ordered by `effectiveFrom`; on any date the version in force is the newest one that
 * took effect on or before it, so a new version never rewrites an earlier date's answer.
 */
export const RuleSetSchema = z.object({
  id: z.string().min(1).max(100),
  jurisdiction: z.string().length(2),
  version: z.number().int().positive(),
  effectiveFrom: z.iso.date(),
  title: z.string().min(1).max(300),
  /** Whether the rule binds only teachers of professional (vocational) courses. */
  professionalCourseTeachersOnly: z.boolean(),
  requirement: z.object({
    /** How much practice, in `unit`, every rolling window needs. */
    amount: z.number().positive().max(120),
    unit: z.enum(['months', 'days']),
    windowYears: z.number().int().min(1).max(20),
    /** New hires are first assessed once they have taught for a whole window. */
    graceFromHireDate: z.boolean(),
  }),
  counting: z.object({
    /**
     * working-days: a day's countersigned practice hours credit min(hours, hoursPerDay) /
     * hoursPerDay of a day. calendar-months: every calendar day inside a secondment that has
     * started credits a whole day (overlapping secondments count once).
     */
    method: z.enum(['working-days', 'calendar-months']),
    /** Credited days that make one month of the requirement. */
    daysPerMonth: z.number().positive().max(31),
    hoursPerDay: z.number().positive().max(24),
    /** At most this many credited days per calendar year; null = no cap. */
    capDaysPerCalendarYear: z.number().positive().max(366).nullable(),
  }),
  rdHours: z.object({
    /** Whether hours on joint R&D projects count as enterprise practice. */
    counts: z.boolean(),
    /** At most this many credited days from R&D in one window; null = no cap. */
    capDaysPerWindow: z.number().nonnegative().max(10_000).nullable(),
  }),
  /** New professional-course teachers with less prior enterprise experience practise this much before teaching. */
  newTeacherPractice: z
    .object({
      exemptWithPriorExperienceMonths: z.number().nonnegative().max(600),
      requiredDays: z.number().positive().max(1_000),
    })
    .nullable(),
  tiers: z.array(TierCriteriaSchema).max(3),
});

export type RuleSet = z.infer<typeof RuleSetSchema>;
export type TierCriteria = z.infer<typeof TierCriteriaSchema>;

/** The requirement in credited days, the unit every amount of the engine is in. */
export function requiredDaysOf(rule: RuleSet): number {
  return rule.requirement.unit === 'days' ? rule.requirement.amount : rule.requirement.amount * rule.counting.daysPerMonth;
}
