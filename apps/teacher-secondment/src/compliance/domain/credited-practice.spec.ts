import { addDays, dayNumber } from '../../shared/calendar-date';
import { PracticeHours, practiceRecord } from '../../shared/practice-record';
import { complianceOn, lapseDate, TeacherFacts } from './compliance-engine';
import { creditedPractice, creditedTotal } from './credited-practice';
import { DEFAULT_RULE_SET } from './default-rule-set';
import { RuleSet } from './rule-set';

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)],
  };
}

type Random = ReturnType<typeof random>;

function ruleOf(r: Random, method: RuleSet['counting']['method'] = 'working-days'): RuleSet {
  return {
    ...DEFAULT_RULE_SET,
    requirement: { amount: r.pick([2, 5, 20]), unit: 'days', windowYears: r.pick([1, 2, 5]), graceFromHireDate: r.next() < 0.3 },
    counting: {
      method,
      daysPerMonth: 22,
      hoursPerDay: r.pick([6, 7.5, 8]),
      capDaysPerCalendarYear: r.pick([null, 3, 7.5, 20]),
    },
    rdHours: { counts: r.next() < 0.7, capDaysPerWindow: r.pick([null, 0, 1.5, 4]) },
    newTeacherPractice: r.next() < 0.3 ? { requiredDays: r.pick([1, 3]), exemptWithPriorExperienceMonths: 12 } : null,
  };
}

/** Hours over four years: several entries on some days, both sources, hours that divide unevenly. */
function hoursOf(r: Random): PracticeHours[] {
  const hours: PracticeHours[] = [];
  for (let n = r.int(0, 60); n > 0; n--) {
    const date = addDays('2021-01-01', r.int(0, 4 * 365));
    const copies = r.next() < 0.2 ? r.int(2, 3) : 1;
    for (let c = 0; c < copies; c++) {
      hours.push({
        date,
        hours: r.pick([0.5, 1, 2.5, 3.3, 4, 7, 8, 9.25]),
        source: r.next() < 0.65 ? 'secondment' : 'rd',
        ref: r.pick(['sec-1', 'sec-2', 'project-1', 'project-2']),
      });
    }
  }
  return hours;
}

describe('creditedTotal (the credited days without the accounting)', () => {
  it('equals creditedPractice(...).total exactly on 2,000 random working-day records, rules and windows', () => {
    const r = random(20261205);
    let nonZero = 0;
    for (let n = 0; n < 2000; n++) {
      const rule = ruleOf(r);
      const record = practiceRecord(hoursOf(r));
      const from = dayNumber('2021-01-01') + r.int(-30, 3 * 365);
      const to = from + r.int(0, 2 * 365);
      const total = creditedTotal(rule, record, from, to);
      expect({ n, total }).toEqual({ n, total: creditedPractice(rule, record, from, to).total });
      if (total > 0) nonZero++;
    }
    // The cases above exercise credit, not only empty windows.
    expect(nonZero).toBeGreaterThan(1000);
  });

  it('applies the caps as the full function does: R&D only fills what secondment left of a day, the window cap, then the year cap', () => {
    const rule: RuleSet = {
      ...DEFAULT_RULE_SET,
      counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: 2 },
      rdHours: { counts: true, capDaysPerWindow: 1 },
    };
    const record = practiceRecord([
      { date: '2024-03-01', hours: 6, source: 'secondment', ref: 'sec-1' },
      { date: '2024-03-01', hours: 8, source: 'rd', ref: 'project-1' },
      { date: '2024-03-02', hours: 8, source: 'rd', ref: 'project-1' },
      { date: '2024-03-03', hours: 8, source: 'secondment', ref: 'sec-1' },
      { date: '2024-03-04', hours: 8, source: 'secondment', ref: 'sec-1' },
      { date: '2025-01-10', hours: 4, source: 'rd', ref: 'project-2' },
    ]);
    const [from, to] = [dayNumber('2024-01-01'), dayNumber('2025-12-31')];
    // 2024: 0.75 + 1 + 1 secondment and 0.25 + 0.75 R&D (the window cap of 1), cut to 2 by the year cap; 2025: R&D capped out.
    expect(creditedTotal(rule, record, from, to)).toBe(2);
    expect(creditedPractice(rule, record, from, to).total).toBe(2);
  });

  it('takes the full function for calendar-month rules', () => {
    const r = random(7);
    const drawn = ruleOf(r, 'calendar-months');
    const rule: RuleSet = { ...drawn, counting: { ...drawn.counting, capDaysPerCalendarYear: null } };
    const record = practiceRecord(hoursOf(r), [{ ref: 'sec-1', start: '2022-02-01', end: '2022-05-31' }]);
    const [from, to] = [dayNumber('2021-06-01'), dayNumber('2024-06-01')];
    expect(creditedTotal(rule, record, from, to)).toBe(creditedPractice(rule, record, from, to).total);
    // Every day of the four months (120) is credited whole.
    expect(creditedTotal(rule, record, from, to)).toBeGreaterThanOrEqual(120);
  });
});

describe('the lapse search on the credited total', () => {
  it('finds the first day on which complianceOn says not compliant, on 40 random records', () => {
    const r = random(42);
    let lapses = 0;
    for (let n = 0; n < 40; n++) {
      const rule = {
        ...ruleOf(r),
        requirement: { amount: r.pick([2, 5]), unit: 'days' as const, windowYears: 1, graceFromHireDate: false },
      };
      const teacher: TeacherFacts = { professionalCourse: true, hireDate: '2015-09-01', priorEnterpriseExperienceMonths: r.pick([0, 60]) };
      const record = practiceRecord(hoursOf(r));
      const asOf = addDays('2022-01-01', r.int(0, 2 * 365));
      if (!complianceOn(teacher, record, [rule], asOf).compliant) continue;
      // The oracle: every day after asOf, in turn, with no practice counted after asOf; a one-year window lapses within a year.
      let expected: string | null = null;
      for (let day = 1; day <= 400 && !expected; day++) {
        const date = addDays(asOf, day);
        if (!complianceOn(teacher, record, [rule], date, asOf).compliant) expected = date;
      }
      expect({ n, lapsesOn: lapseDate(teacher, record, [rule], asOf) }).toEqual({ n, lapsesOn: expected });
      if (expected) lapses++;
    }
    expect(lapses).toBeGreaterThan(5);
  });
});
