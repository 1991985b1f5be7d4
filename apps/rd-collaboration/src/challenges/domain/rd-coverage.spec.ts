import { agreementCoversRd, scopeCoversRd } from './rd-coverage';

describe('R&D coverage of a cooperation agreement', () => {
  const agreement = {
    status: 'active',
    scope: 'Apprenticeships and joint R&D in machining',
    period: { from: '2026-01-01', to: '2026-12-31' },
    placementKinds: ['apprenticeship'],
  };

  it.each([
    'Joint R&D on vision inspection',
    'R & D projects',
    'research and development of fixtures',
    'Applied research in welding',
    'Joint research',
    'r and d',
  ])('counts "%s" as covering R&D', (scope) => expect(scopeCoversRd(scope)).toBe(true));

  it.each(['Internships in CNC machining', 'Hardware and design', 'Research-free apprenticeships? no: "researchers" only'])(
    'does not count "%s"',
    (scope) => expect(scopeCoversRd(scope)).toBe(false),
  );

  it('needs the agreement active and today inside its period, both ends included', () => {
    expect(agreementCoversRd(agreement, '2026-01-01')).toBe(true);
    expect(agreementCoversRd(agreement, '2026-12-31')).toBe(true);
    expect(agreementCoversRd(agreement, '2027-01-01')).toBe(false);
    expect(agreementCoversRd({ ...agreement, status: 'suspended' }, '2026-06-01')).toBe(false);
    expect(agreementCoversRd({ ...agreement, status: 'draft' }, '2026-06-01')).toBe(false);
  });

  it('uses the stated programmes when the agreement has them, whatever its scope says', () => {
    expect(agreementCoversRd({ ...agreement, programmes: ['placements', 'secondments'] }, '2026-06-01')).toBe(false);
    expect(agreementCoversRd({ ...agreement, scope: 'Internships in CNC machining', programmes: ['placements', 'rd'] }, '2026-06-01')).toBe(
      true,
    );
    expect(agreementCoversRd({ ...agreement, programmes: ['placements', 'rd'], status: 'suspended' }, '2026-06-01')).toBe(false);
  });

  it('reads the scope only when the agreement states no programmes', () => {
    expect(agreementCoversRd({ ...agreement, scope: 'Internships in CNC machining' }, '2026-06-01')).toBe(false);
    expect(agreementCoversRd({ ...agreement, programmes: undefined }, '2026-06-01')).toBe(true);
  });
});
