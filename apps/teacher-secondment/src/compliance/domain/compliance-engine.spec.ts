import { assessCompliance, complianceOn, lapseDate, ruleInForce, TeacherFacts } from './compliance-engine';
import { DEFAULT_RULE_SET } from './default-rule-set';
import { PracticeHours, practiceRecord } from '../../shared/practice-record';
import { RuleSet, RuleSetSchema } from './rule-set';

/** A small rule so each case needs only a few logged days: 2 credited days in every 5 years. */
const rule = (overrides: Partial<RuleSet> = {}): RuleSet => ({
  ...DEFAULT_RULE_SET,
  id: 'test-rule',
  jurisdiction: 'ZZ',
  version: 1,
  effectiveFrom: '2000-01-01',
  requirement: { amount: 2, unit: 'days', windowYears: 5, graceFromHireDate: false },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: null },
  rdHours: { counts: true, capDaysPerWindow: null },
  newTeacherPractice: null,
  ...overrides,
});

const veteran: TeacherFacts = { professionalCourse: true, hireDate: '2005-09-01', priorEnterpriseExperienceMonths: 60 };
const log = (date: string, hours = 8, ref = 'sec-1'): PracticeHours => ({ date, hours, source: 'secondment', ref });
const rd = (date: string, hours = 8, ref = 'project-1'): PracticeHours => ({ date, hours, source: 'rd', ref });

describe('compliance engine', () => {
  it('the default Chinese rule set is a valid rule document asking 6 months (132 working days) in 5 years', () => {
    expect(RuleSetSchema.parse(DEFAULT_RULE_SET)).toEqual(DEFAULT_RULE_SET);
    const answer = complianceOn(veteran, practiceRecord([]), [DEFAULT_RULE_SET], '2026-06-15');
    expect(answer).toMatchObject({ applicable: true, compliant: false, requiredDays: 132, reasons: ['rolling-window-shortfall'] });
  });

  describe('window boundaries', () => {
    it('counts a day on the first day of the window and on the as-of day, not the day before the window', () => {
      const answer = complianceOn(veteran, practiceRecord([log('2021-06-16'), log('2026-06-15')]), [rule()], '2026-06-15');
      expect(answer.window).toEqual({ from: '2021-06-16', to: '2026-06-15' });
      expect(answer.credited.total).toBe(2);
      expect(answer.compliant).toBe(true);

      const oneDayEarly = complianceOn(veteran, practiceRecord([log('2021-06-15'), log('2026-06-15')]), [rule()], '2026-06-15');
      expect(oneDayEarly.credited.total).toBe(1);
      expect(oneDayEarly.compliant).toBe(false);
    });

    it('never counts practice after the as-of date (a past as-of ignores later logs)', () => {
      const record = practiceRecord([log('2024-01-10'), log('2024-01-11')]);
      expect(complianceOn(veteran, record, [rule()], '2024-01-10').credited.total).toBe(1);
      expect(complianceOn(veteran, record, [rule()], '2024-01-11').compliant).toBe(true);
    });
  });

  describe('leap years', () => {
    it('a window ending on 29 February starts on 1 March five years earlier', () => {
      const record = practiceRecord([log('2023-02-28'), log('2023-03-01'), log('2028-02-29')]);
      const answer = complianceOn(veteran, record, [rule()], '2028-02-29');
      expect(answer.window).toEqual({ from: '2023-03-01', to: '2028-02-29' });
      expect(answer.credited.total).toBe(2);
    });

    it('a window ending on 1 March of a leap year includes 29 February of the year five before when it exists', () => {
      const answer = complianceOn(veteran, practiceRecord([log('2020-02-29'), log('2020-03-01')]), [rule()], '2025-02-28');
      expect(answer.window.from).toBe('2020-02-29');
      expect(answer.credited.total).toBe(2);
    });

    it('a credit of 29 February leaves the window on 1 March five years later', () => {
      const record = practiceRecord([log('2024-02-29'), log('2025-06-01')]);
      expect(lapseDate(veteran, record, [rule()], '2026-01-01')).toBe('2029-03-01');
    });
  });

  describe('overlapping practice is counted once', () => {
    it('working days: hours of two secondments on one day make at most one day', () => {
      const record = practiceRecord([log('2026-03-02', 6, 'sec-a'), log('2026-03-02', 6, 'sec-b')]);
      const answer = complianceOn(veteran, record, [rule()], '2026-06-01');
      expect(answer.credited.total).toBe(1);
      expect(answer.credited.contributions).toEqual([
        { source: 'secondment', ref: 'sec-a', days: 0.5 },
        { source: 'secondment', ref: 'sec-b', days: 0.5 },
      ]);
    });

    it('working days: half days count as halves', () => {
      const answer = complianceOn(veteran, practiceRecord([log('2026-03-02', 4), log('2026-03-03', 4)]), [rule()], '2026-06-01');
      expect(answer.credited.total).toBe(1);
    });

    it('calendar months: overlapping secondment periods count each calendar day once', () => {
      const calendar = rule({
        requirement: { amount: 1.5, unit: 'months', windowYears: 5, graceFromHireDate: false },
        counting: { method: 'calendar-months', daysPerMonth: 30, hoursPerDay: 8, capDaysPerCalendarYear: null },
      });
      const periods = [
        { start: '2026-01-01', end: '2026-01-31', ref: 'sec-a' },
        { start: '2026-01-15', end: '2026-02-14', ref: 'sec-b' },
      ];
      const answer = complianceOn(veteran, practiceRecord([], periods), [calendar], '2026-06-01');
      expect(answer.credited.total).toBe(45);
      expect(answer.requiredDays).toBe(45);
      expect(answer.compliant).toBe(true);
      // Only days up to the as-of date count while a secondment is still running.
      expect(complianceOn(veteran, practiceRecord([], periods), [calendar], '2026-01-10').credited.total).toBe(10);
    });
  });

  describe('R&D hours', () => {
    it('are credited as practice where the rule says so, and not where it does not', () => {
      const record = practiceRecord([rd('2026-03-02'), rd('2026-03-03')]);
      expect(complianceOn(veteran, record, [rule()], '2026-06-01')).toMatchObject({
        compliant: true,
        credited: { total: 2, bySource: { rd: 2 } },
      });
      const noRd = rule({ rdHours: { counts: false, capDaysPerWindow: null } });
      expect(complianceOn(veteran, record, [noRd], '2026-06-01')).toMatchObject({ compliant: false, credited: { total: 0 } });
    });

    it('are capped per window, earliest days first', () => {
      const capped = rule({
        requirement: { amount: 5, unit: 'days', windowYears: 5, graceFromHireDate: false },
        rdHours: { counts: true, capDaysPerWindow: 1.5 },
      });
      const record = practiceRecord([rd('2026-03-02'), rd('2026-03-03'), rd('2026-03-04'), log('2026-03-05'), log('2026-03-06')]);
      const answer = complianceOn(veteran, record, [capped], '2026-06-01');
      expect(answer.credited.bySource).toEqual({ secondment: 2, rd: 1.5 });
      expect(answer.credited.total).toBe(3.5);
      expect(answer.credited.cappedDays).toBe(1.5);
      expect(answer.compliant).toBe(false);
    });

    it('only fill what secondment practice left of a day', () => {
      const answer = complianceOn(veteran, practiceRecord([log('2026-03-02', 6), rd('2026-03-02', 8)]), [rule()], '2026-06-01');
      expect(answer.credited.bySource).toEqual({ secondment: 0.75, rd: 0.25 });
      expect(answer.credited.total).toBe(1);
    });
  });

  it('caps the credit of one calendar year, trimming R&D before secondment practice', () => {
    const capped = rule({ counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: 2 } });
    const record = practiceRecord([log('2025-03-02'), log('2025-03-03'), rd('2025-03-04'), log('2026-01-05')]);
    const answer = complianceOn(veteran, record, [capped], '2026-06-01');
    expect(answer.credited.bySource).toEqual({ secondment: 3, rd: 0 });
    expect(answer.credited.cappedDays).toBe(1);
  });

  describe('rule changes', () => {
    const v1 = rule();
    const v2 = rule({
      version: 2,
      effectiveFrom: '2026-07-01',
      requirement: { amount: 3, unit: 'days', windowYears: 5, graceFromHireDate: false },
    });
    const record = practiceRecord([log('2025-03-02'), log('2025-03-03')]);

    it('a change mid-window applies from its effective date and leaves earlier dates as they were', () => {
      expect(complianceOn(veteran, record, [v1, v2], '2026-06-30')).toMatchObject({ compliant: true, ruleSetVersion: 1, requiredDays: 2 });
      expect(complianceOn(veteran, record, [v1, v2], '2026-07-01')).toMatchObject({ compliant: false, ruleSetVersion: 2, requiredDays: 3 });
      expect(complianceOn(veteran, record, [v2, v1], '2026-06-30').ruleSetVersion).toBe(1);
    });

    it('a stricter version ahead is the lapse date, with what is needed before it', () => {
      const answer = assessCompliance(veteran, record, [v1, v2], '2026-06-01');
      expect(answer.lapsesOn).toBe('2026-07-01');
      expect(answer.needed).toEqual({ days: 1, by: '2026-07-01' });
    });

    it('picks the newest version in force on a date', () => {
      expect(ruleInForce([v1, v2], '1999-12-31')).toBeNull();
      expect(ruleInForce([v1, v2], '2026-07-01')!.version).toBe(2);
    });
  });

  describe('lapse date', () => {
    it('is the day the oldest credit that keeps the teacher compliant leaves the window', () => {
      const answer = assessCompliance(veteran, practiceRecord([log('2022-01-10'), log('2024-05-01')]), [rule()], '2026-06-01');
      expect(answer.compliant).toBe(true);
      expect(answer.lapsesOn).toBe('2027-01-10');
      expect(answer.needed).toEqual({ days: 1, by: '2027-01-10' });
      expect(complianceOn(veteran, practiceRecord([log('2022-01-10'), log('2024-05-01')]), [rule()], '2027-01-09').compliant).toBe(true);
    });

    it('is null for a teacher who is not compliant now, with the shortfall due now', () => {
      const answer = assessCompliance(veteran, practiceRecord([log('2026-01-10')]), [rule()], '2026-06-01');
      expect(answer).toMatchObject({ compliant: false, lapsesOn: null, needed: { days: 1, by: '2026-06-01' } });
    });
  });

  describe('teachers the rule treats apart', () => {
    it('a teacher of general courses is outside a rule for professional-course teachers', () => {
      const general = { ...veteran, professionalCourse: false };
      expect(assessCompliance(general, practiceRecord([]), [rule()], '2026-06-01')).toMatchObject({
        applicable: false,
        compliant: true,
        lapsesOn: null,
        requiredDays: 0,
      });
    });

    it('a new hire is in a grace period for one window and lapses when it ends without practice', () => {
      const graced = rule({ requirement: { amount: 2, unit: 'days', windowYears: 5, graceFromHireDate: true } });
      const newHire = { professionalCourse: true, hireDate: '2024-09-01', priorEnterpriseExperienceMonths: 48 };
      const answer = assessCompliance(newHire, practiceRecord([]), [graced], '2026-06-01');
      expect(answer).toMatchObject({ compliant: true, inGracePeriod: true, lapsesOn: '2029-09-01' });
    });

    it('a new professional-course teacher without enterprise experience must practise before teaching', () => {
      const newTeacherRule = rule({
        requirement: { amount: 2, unit: 'days', windowYears: 5, graceFromHireDate: true },
        newTeacherPractice: { exemptWithPriorExperienceMonths: 36, requiredDays: 3 },
      });
      const inexperienced = { professionalCourse: true, hireDate: '2026-02-01', priorEnterpriseExperienceMonths: 0 };
      const twoDays = practiceRecord([log('2026-02-02'), log('2026-02-03')]);
      expect(assessCompliance(inexperienced, twoDays, [newTeacherRule], '2026-06-01')).toMatchObject({
        compliant: false,
        reasons: ['new-teacher-practice-before-teaching'],
        needed: { days: 1, by: '2026-06-01' },
      });
      const threeDays = practiceRecord([log('2026-02-02'), log('2026-02-03'), log('2026-02-04')]);
      expect(complianceOn(inexperienced, threeDays, [newTeacherRule], '2026-06-01').compliant).toBe(true);
      const experienced = { ...inexperienced, priorEnterpriseExperienceMonths: 36 };
      expect(complianceOn(experienced, practiceRecord([]), [newTeacherRule], '2026-06-01').compliant).toBe(true);
    });
  });
});
