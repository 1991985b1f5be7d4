import { z } from 'zod';
import { addDays, addYears, dayNumber } from '../../shared/calendar-date';
import { ComplianceAnswerSchema, NON_COMPLIANCE_REASONS } from './compliance-answer.response';
import { CreditedPractice, creditedPractice, creditedTotal, round } from './credited-practice';
import { PracticeRecord } from '../../shared/practice-record';
import { requiredDaysOf, RuleSet } from './rule-set';

export interface TeacherFacts {
  professionalCourse: boolean;
  hireDate: string;
  priorEnterpriseExperienceMonths: number;
}

export type NonComplianceReason = (typeof NON_COMPLIANCE_REASONS)[number];

/** Compliance on a date, as GET /v1/teachers/{id}/compliance answers it: the documented schema's output type. */
export type ComplianceAnswer = z.output<typeof ComplianceAnswerSchema>;

const EARLIEST_DAY = dayNumber('1900-01-01');
/** How far ahead a lapse is looked for: longer than any window plus any grace period. */
const LAPSE_HORIZON_YEARS = 25;

/** The version in force on `date`: the newest that took effect on or before it. */
export function ruleInForce(ruleSets: readonly RuleSet[], date: string): RuleSet | null {
  let found: RuleSet | null = null;
  for (const rule of ruleSets) {
    if (
      rule.effectiveFrom <= date &&
      (!found || rule.effectiveFrom > found.effectiveFrom || (rule.effectiveFrom === found.effectiveFrom && rule.version > found.version))
    ) {
      found = rule;
    }
  }
  return found;
}

/**
 * Is the teacher compliant on `asOf`? Practice is counted up to `practiceUntil` (default
 * `asOf`), which is how the lapse date is found: the future is evaluated with no new practice.
 */
export function complianceOn(
  teacher: TeacherFacts,
  record: PracticeRecord,
  ruleSets: readonly RuleSet[],
  asOf: string,
  practiceUntil: string = asOf,
): Omit<ComplianceAnswer, 'lapsesOn' | 'needed'> {
  const { rule, reference, window, untilDay } = ruleAndWindow(teacher, ruleSets, asOf, practiceUntil);
  const base = { asOf, ruleSetId: reference?.id ?? 'none', ruleSetVersion: reference?.version ?? 1, window };
  if (!rule) {
    return { ...base, applicable: false, compliant: true, reasons: [], requiredDays: 0, credited: EMPTY, inGracePeriod: false };
  }
  const credited = creditedPractice(rule, record, dayNumber(window.from), untilDay);
  const { reasons, requiredDays, inGracePeriod } = verdict(rule, teacher, record, asOf, untilDay, credited.total);
  return { ...base, applicable: true, compliant: reasons.length === 0, reasons, requiredDays, credited, inGracePeriod };
}

/** `complianceOn(...).compliant`, counting only the credited total: what the lapse search asks, many times per teacher. */
function compliantOn(
  teacher: TeacherFacts,
  record: PracticeRecord,
  ruleSets: readonly RuleSet[],
  asOf: string,
  practiceUntil: string,
): boolean {
  const { rule, window, untilDay } = ruleAndWindow(teacher, ruleSets, asOf, practiceUntil);
  if (!rule) return true;
  const total = creditedTotal(rule, record, dayNumber(window.from), untilDay);
  return verdict(rule, teacher, record, asOf, untilDay, total).reasons.length === 0;
}

/** The rule binding the teacher on `asOf` (null when none does), the version the answer names, the window, and the last day of practice counted. */
function ruleAndWindow(teacher: TeacherFacts, ruleSets: readonly RuleSet[], asOf: string, practiceUntil: string) {
  const inForce = ruleInForce(ruleSets, asOf);
  const reference = inForce ?? ruleSets[0];
  const windowYears = reference?.requirement.windowYears ?? 5;
  const window = { from: addDays(addYears(asOf, -windowYears), 1), to: asOf };
  const rule = inForce && !(inForce.professionalCourseTeachersOnly && !teacher.professionalCourse) ? inForce : null;
  return { rule, reference, window, untilDay: Math.min(dayNumber(asOf), dayNumber(practiceUntil)) };
}

/** Why a teacher with `creditedDays` in the window is not compliant under `rule` (none: compliant). */
function verdict(rule: RuleSet, teacher: TeacherFacts, record: PracticeRecord, asOf: string, untilDay: number, creditedDays: number) {
  const requiredDays = round(requiredDaysOf(rule));
  const reasons: NonComplianceReason[] = [];
  if (newTeacherPracticeMissing(rule, teacher, record, untilDay)) reasons.push('new-teacher-practice-before-teaching');
  const inGracePeriod = rule.requirement.graceFromHireDate && asOf < addYears(teacher.hireDate, rule.requirement.windowYears);
  if (!inGracePeriod && creditedDays < requiredDays) reasons.push('rolling-window-shortfall');
  return { reasons, requiredDays, inGracePeriod };
}

/** The whole answer: compliance on `asOf`, when it lapses without new practice, and what is needed. */
export function assessCompliance(
  teacher: TeacherFacts,
  record: PracticeRecord,
  ruleSets: readonly RuleSet[],
  asOf: string,
): ComplianceAnswer {
  const now = complianceOn(teacher, record, ruleSets, asOf);
  if (!now.applicable) return { ...now, lapsesOn: null, needed: null };
  if (!now.compliant) {
    const rolling = now.reasons.includes('rolling-window-shortfall') ? now.requiredDays - now.credited.total : 0;
    const rule = ruleInForce(ruleSets, asOf)!;
    const beforeTeaching = now.reasons.includes('new-teacher-practice-before-teaching')
      ? rule.newTeacherPractice!.requiredDays - creditedTotal(rule, record, EARLIEST_DAY, dayNumber(asOf))
      : 0;
    return { ...now, lapsesOn: null, needed: { days: round(Math.max(rolling, beforeTeaching)), by: asOf } };
  }
  const lapsesOn = lapseDate(teacher, record, ruleSets, asOf);
  if (!lapsesOn) return { ...now, lapsesOn: null, needed: null };
  const then = complianceOn(teacher, record, ruleSets, lapsesOn, asOf);
  return { ...now, lapsesOn, needed: { days: round(Math.max(0, then.requiredDays - then.credited.total)), by: lapsesOn } };
}

/**
 * The first day after `asOf` on which the teacher stops being compliant if no practice is
 * credited after `asOf`. Between two rule changes the answer can only go from compliant to
 * not (credit leaves the window, a grace period ends), so each such stretch is searched by
 * bisection; a rule change may reset it, so every stretch is checked.
 */
export function lapseDate(teacher: TeacherFacts, record: PracticeRecord, ruleSets: readonly RuleSet[], asOf: string): string | null {
  const compliantOnDay = (day: number) => compliantOn(teacher, record, ruleSets, dateOf(day), asOf);
  const start = dayNumber(asOf) + 1;
  const end = dayNumber(addYears(asOf > teacher.hireDate ? asOf : teacher.hireDate, LAPSE_HORIZON_YEARS));
  const changes = ruleSets.map((rule) => dayNumber(rule.effectiveFrom)).filter((day) => day > start && day <= end);
  const bounds = [...new Set([start, ...changes])].sort((a, b) => a - b);
  for (let i = 0; i < bounds.length; i++) {
    let low = bounds[i];
    let high = i + 1 < bounds.length ? bounds[i + 1] - 1 : end;
    if (!compliantOnDay(low)) return dateOf(low);
    if (compliantOnDay(high)) continue;
    // Invariant: compliant on `low`, not on `high`.
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (compliantOnDay(middle)) low = middle;
      else high = middle;
    }
    return dateOf(high);
  }
  return null;
}

function newTeacherPracticeMissing(rule: RuleSet, teacher: TeacherFacts, record: PracticeRecord, untilDay: number): boolean {
  const rulePart = rule.newTeacherPractice;
  if (!rulePart || teacher.priorEnterpriseExperienceMonths >= rulePart.exemptWithPriorExperienceMonths) return false;
  return creditedTotal(rule, record, EARLIEST_DAY, untilDay) < rulePart.requiredDays;
}

function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

const EMPTY: CreditedPractice = { total: 0, bySource: { secondment: 0, rd: 0 }, contributions: [], cappedDays: 0 };
