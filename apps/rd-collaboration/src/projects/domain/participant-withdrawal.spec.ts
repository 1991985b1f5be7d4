import { assertTakesHoursOn } from './participant-withdrawal';
import { ProjectRuleError } from './project-rules';

/** The status and field of the refusal, or undefined when the hours are taken. */
const refusal = (withdrawal: Parameters<typeof assertTakesHoursOn>[0]['withdrawal'], date: string) => {
  try {
    assertTakesHoursOn({ withdrawal }, date);
    return undefined;
  } catch (error) {
    if (!(error instanceof ProjectRuleError)) throw error;
    return [error.status, error.field];
  }
};

describe('hours on a withdrawn participation (ADR 0082)', () => {
  const left = { reason: 'left-project' as const, withdrawnAt: '2026-06-30T23:30:00.000Z', withdrawnBy: 'school' as const };

  it('takes any date on an active row', () => {
    expect(refusal(undefined, '2026-12-31')).toBeUndefined();
  });

  it('takes a leaver’s hours dated up to the latest calendar day anywhere at the withdrawal, and refuses later ones naming `date`', () => {
    expect(refusal(left, '2026-05-04')).toBeUndefined();
    expect(refusal(left, '2026-06-30')).toBeUndefined();
    // 23:30 UTC is 07:30 on 1 July in Shanghai, 13:30 at UTC+14: a school east of UTC withdrawing that morning keeps 1 July.
    expect(refusal(left, '2026-07-01')).toBeUndefined();
    expect(refusal(left, '2026-07-02')).toEqual([409, 'date']);
  });

  it('counts the last day at UTC+14, not in UTC: a withdrawal before 10:00 UTC keeps that UTC day as the last', () => {
    const early = { ...left, withdrawnAt: '2026-06-30T09:59:59.000Z' };
    expect(refusal(early, '2026-06-30')).toBeUndefined();
    expect(refusal(early, '2026-07-01')).toEqual([409, 'date']);
    expect(refusal({ ...left, withdrawnAt: '2026-06-30T10:00:00.000Z' }, '2026-07-01')).toBeUndefined();
  });

  it('takes no hours on a row entered in error, naming the participation', () => {
    expect(refusal({ ...left, reason: 'entered-in-error' }, '2026-05-04')).toEqual([409, 'participationId']);
  });
});
