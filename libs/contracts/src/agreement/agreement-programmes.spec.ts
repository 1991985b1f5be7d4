import { AgreementStateSchema } from './agreement.schema';
import { agreementCoversProgramme, agreementProgrammes, scopeNamesRd } from './agreement-programmes';

const agreement = { placementKinds: ['internship'], scope: 'Internships in CNC machining' };

describe('the programmes an agreement covers', () => {
  it('are the stated programmes when the agreement has them, whatever the scope says', () => {
    expect(agreementProgrammes({ ...agreement, programmes: ['placements', 'rd'] })).toEqual(['placements', 'rd']);
    expect(agreementProgrammes({ ...agreement, scope: 'Joint R&D', programmes: ['placements'] })).toEqual(['placements']);
    expect(agreementCoversProgramme({ ...agreement, programmes: ['placements', 'rd'] }, 'secondments')).toBe(false);
  });

  it('are derived as before the field existed when it is absent: placements, secondments, and rd when the scope names it', () => {
    expect(agreementProgrammes(agreement)).toEqual(['placements', 'secondments']);
    expect(agreementProgrammes({ ...agreement, scope: 'Apprenticeships and joint R&D' })).toEqual(['placements', 'secondments', 'rd']);
    expect(agreementProgrammes({ ...agreement, programmes: null })).toEqual(['placements', 'secondments']);
    expect(agreementProgrammes({ placementKinds: [], scope: 'x' })).toEqual(['secondments']);
  });

  it('reads joint R&D in the scope by whole words only', () => {
    expect(scopeNamesRd('research & development of fixtures')).toBe(true);
    expect(scopeNamesRd('researchers only')).toBe(false);
  });

  it('is optional in the event payload, and refuses an unknown programme or an empty list', () => {
    const state = {
      agreementId: 'agr-1',
      schoolId: 'sch-1',
      enterpriseId: 'ent-1',
      scope: 'Internships',
      period: { from: '2026-01-01', to: '2026-12-31' },
      placementKinds: ['internship'],
      status: 'active',
      version: 2,
    };
    expect(AgreementStateSchema.safeParse(state).success).toBe(true);
    expect(AgreementStateSchema.parse({ ...state, programmes: ['placements', 'secondments'] }).programmes).toEqual([
      'placements',
      'secondments',
    ]);
    const unknown = AgreementStateSchema.safeParse({ ...state, programmes: ['placements', 'volunteering'] });
    expect(unknown.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['programmes.1']);
    expect(AgreementStateSchema.safeParse({ ...state, programmes: [] }).success).toBe(false);
  });
});
