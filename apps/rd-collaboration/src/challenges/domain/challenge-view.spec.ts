import { ChallengeDocument } from '../challenge.document';
import { challengeView, schoolMaySeeDetails } from './challenge-view';

const challenge: ChallengeDocument = {
  _id: 'c-1',
  enterpriseId: 'e-1',
  kind: 'product-rd',
  title: 'Vision inspection',
  summary: 'Find scratches',
  problem: 'Secret line speed 40 parts/min',
  constraints: ['no cloud'],
  budgetRange: { currency: 'CNY', minMinor: 1, maxMinor: 2 },
  deadline: '2026-06-30',
  confidentiality: 'confidential',
  skillsWanted: ['opencv'],
  rubric: [{ criterionId: 'fit', name: 'Fit', weight: 1 }],
  ndas: [{ schoolId: 's-signed', signedOn: '2026-01-10', signedBy: 'Dean', recordedAt: new Date(0) }],
  createdAt: new Date(0),
};

describe('challenge view', () => {
  it('hides problem and constraints of a confidential challenge from a school without an NDA', () => {
    const view = challengeView(challenge, { as: 'school', schoolId: 's-other' });
    expect(view).not.toHaveProperty('problem');
    expect(view).not.toHaveProperty('constraints');
    expect(view).not.toHaveProperty('ndas');
    expect(view.detailsVisible).toBe(false);
  });

  it('shows them to the school whose NDA is recorded, but never the NDA list', () => {
    const view = challengeView(challenge, { as: 'school', schoolId: 's-signed' });
    expect(view).toMatchObject({ problem: challenge.problem, constraints: ['no cloud'], detailsVisible: true });
    expect(view).not.toHaveProperty('ndas');
  });

  it('shows details of a public challenge to any school it is visible to', () => {
    expect(schoolMaySeeDetails({ ...challenge, confidentiality: 'public', ndas: [] }, 's-any')).toBe(true);
  });

  it('shows everything to the owner', () => {
    expect(challengeView(challenge, { as: 'owner' })).toMatchObject({
      problem: challenge.problem,
      ndas: [{ schoolId: 's-signed', signedOn: '2026-01-10', signedBy: 'Dean', recordedAt: '1970-01-01T00:00:00.000Z' }],
      createdAt: '1970-01-01T00:00:00.000Z',
    });
  });
});
