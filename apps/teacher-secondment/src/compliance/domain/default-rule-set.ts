import { RuleSet } from './rule-set';

/**
 * China, 职业学校教师企业实践规定 (Ministry of Education and six others, 2016): teachers of
 * professional courses spend at least six months in enterprise practice in every five years;
 * new teachers of professional courses without enterprise experience practise in an enterprise
 * before they teach. Months are counted as 22 working days of 8 countersigned hours. The cap
 * per year, the R&D credit and the tiers are this platform's reading (ADR 0024), data an
 * operator can replace with a new version.
 */
export const DEFAULT_RULE_SET: RuleSet = {
  id: 'cn-vocational-teacher-practice',
  jurisdiction: 'CN',
  version: 1,
  effectiveFrom: '2016-05-11',
  title: 'Vocational school teachers: six months of enterprise practice in every five years',
  professionalCourseTeachersOnly: true,
  requirement: { amount: 6, unit: 'months', windowYears: 5, graceFromHireDate: true },
  counting: { method: 'working-days', daysPerMonth: 22, hoursPerDay: 8, capDaysPerCalendarYear: 120 },
  rdHours: { counts: true, capDaysPerWindow: 44 },
  newTeacherPractice: { exemptWithPriorExperienceMonths: 36, requiredDays: 22 },
  tiers: [
    {
      tier: 'junior',
      minCreditedDays: 132,
      minYearsTeaching: 0,
      minCompletedSecondments: 1,
      minDeliverables: 0,
      requiredDeliverableKinds: [],
      minMentorScore: null,
    },
    {
      tier: 'intermediate',
      minCreditedDays: 132,
      minYearsTeaching: 3,
      minCompletedSecondments: 1,
      minDeliverables: 1,
      requiredDeliverableKinds: [],
      minMentorScore: 3.5,
    },
    {
      tier: 'senior',
      minCreditedDays: 198,
      minYearsTeaching: 8,
      minCompletedSecondments: 2,
      minDeliverables: 3,
      requiredDeliverableKinds: ['work-based-learning-project'],
      minMentorScore: 4.2,
    },
  ],
};
