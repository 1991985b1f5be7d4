import fc from 'fast-check';
import {
  AVAILABILITY_WEIGHT,
  CandidateProfile,
  CandidateRanker,
  MatchDemand,
  rankCandidates,
  SKILL_WEIGHT,
  SkillRef,
} from './rank-candidates';

/** The ranked items (most tests look at these; the total is checked on its own). */
const rank = (...args: Parameters<typeof rankCandidates>) => rankCandidates(...args).items;

const CNC = 'http://data.europa.eu/esco/skill/cnc';
const WELDING = 'http://data.europa.eu/esco/skill/welding';

const demand: MatchDemand = {
  skills: [{ label: 'CNC programming', escoUri: CNC }, { label: 'Welding', escoUri: WELDING }, { label: 'Technical drawing' }],
  period: { from: '2026-03-01', to: '2026-03-10' }, // 10 days
};

const fullyAvailable = { from: '2026-01-01', to: '2026-12-31' };

function student(id: string, extra: Partial<CandidateProfile> = {}): CandidateProfile {
  return { studentId: id, programme: 'mechatronics', cohort: '2025', skills: [], availability: fullyAvailable, ...extra };
}

describe('rankCandidates', () => {
  describe('skills', () => {
    it('compares by ESCO URI when both sides have one, whatever the labels say', () => {
      const [ranked] = rank(demand, [
        student('s1', {
          skills: [
            { label: 'Zerspanung CNC', escoUri: CNC },
            { label: 'Welding', escoUri: 'http://other/welding' },
          ],
        }),
      ]);
      expect(ranked.reasons.skillsMatched).toEqual([{ label: 'CNC programming', escoUri: CNC }]);
      // Same label but a different URI: both sides have URIs, so it is not the same skill.
      expect(ranked.reasons.skillsMissing).toEqual([{ label: 'Welding', escoUri: WELDING }, { label: 'Technical drawing' }]);
    });

    it('falls back to case-insensitive labels when either side has no URI', () => {
      const [ranked] = rank(demand, [
        student('s1', {
          skills: [
            { label: '  welding ' }, // student has no URI -> label comparison
            { label: 'TECHNICAL   Drawing', escoUri: 'http://data.europa.eu/esco/skill/drawing' }, // requisition has no URI
            { label: 'cnc programming', escoUri: 'http://not-cnc' }, // both URIs, different -> no match
          ],
        }),
      ]);
      expect(ranked.reasons.skillsMatched.map((s) => s.label)).toEqual(['Welding', 'Technical drawing']);
      expect(ranked.reasons.skillsMissing.map((s) => s.label)).toEqual(['CNC programming']);
      expect(ranked.reasons.skillCoverage).toBe(0.6667);
    });

    it('gives full skill coverage when the requisition asks for no skill', () => {
      const [ranked] = rank({ ...demand, skills: [] }, [student('s1')]);
      expect(ranked.reasons).toMatchObject({ skillsMatched: [], skillsMissing: [], skillCoverage: 1 });
      expect(ranked.score).toBe(1);
    });

    it('treats a student without skills as missing every skill (but still available)', () => {
      const [ranked] = rank(demand, [student('s1', { skills: undefined })]);
      expect(ranked.reasons.skillsMatched).toEqual([]);
      expect(ranked.reasons.skillsMissing).toHaveLength(3);
      expect(ranked.score).toBe(AVAILABILITY_WEIGHT);
    });
  });

  describe('availability', () => {
    it('reports the overlap with the requisition period, both ends included', () => {
      const [ranked] = rank(demand, [student('s1', { availability: { from: '2026-03-06', to: '2026-04-30' } })]);
      expect(ranked.reasons.availability).toEqual({
        overlap: { from: '2026-03-06', to: '2026-03-10' },
        overlapDays: 5,
        periodDays: 10,
        coverage: 0.5,
      });
    });

    it('counts a single shared day', () => {
      const [ranked] = rank(demand, [student('s1', { availability: { from: '2026-02-01', to: '2026-03-01' } })]);
      expect(ranked.reasons.availability.overlapDays).toBe(1);
      expect(ranked.reasons.availability.overlap).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    });

    it('leaves out students not available during the period, or with no or broken availability', () => {
      const ranked = rank(demand, [
        student('before', { availability: { from: '2026-01-01', to: '2026-02-28' } }),
        student('after', { availability: { from: '2026-03-11', to: '2026-06-30' } }),
        student('undeclared', { availability: undefined }),
        student('broken', { availability: { from: '2026-02-30', to: '2026-03-05' } }),
        student('inverted', { availability: { from: '2026-03-09', to: '2026-03-02' } }),
        student('ok'),
      ]);
      expect(ranked.map((r) => r.studentId)).toEqual(['ok']);
    });

    it('ranks nobody for a requisition whose period is not a period', () => {
      expect(rank({ ...demand, period: { from: '2026-03-10', to: '2026-03-01' } }, [student('s1')])).toEqual([]);
    });

    it('handles a period across a leap day', () => {
      const [ranked] = rank({ skills: [], period: { from: '2028-02-28', to: '2028-03-01' } }, [
        student('s1', { availability: fullyAvailable }),
      ]);
      expect(ranked).toBeUndefined(); // 2026 availability does not reach 2028
      const [leap] = rank({ skills: [], period: { from: '2028-02-28', to: '2028-03-01' } }, [
        student('s1', { availability: { from: '2028-01-01', to: '2028-12-31' } }),
      ]);
      expect(leap.reasons.availability.periodDays).toBe(3);
    });
  });

  describe('score and order', () => {
    it('weighs skill coverage and availability coverage', () => {
      const [ranked] = rank(demand, [
        student('s1', { skills: [{ label: 'x', escoUri: CNC }], availability: { from: '2026-03-01', to: '2026-03-05' } }),
      ]);
      expect(ranked.score).toBe(Math.round((SKILL_WEIGHT * (1 / 3) + AVAILABILITY_WEIGHT * 0.5) * 10_000) / 10_000);
    });

    it('puts more skills first, then more availability', () => {
      const ranked = rank(demand, [
        student('one-skill', { skills: [{ label: 'Welding' }] }),
        student('two-skills-half-time', {
          skills: [{ label: 'Welding' }, { label: 'Technical drawing' }],
          availability: { from: '2026-03-06', to: '2026-03-31' },
        }),
        student('two-skills-full-time', { skills: [{ label: 'Welding' }, { label: 'technical drawing' }] }),
        student('none'),
      ]);
      expect(ranked.map((r) => [r.rank, r.studentId])).toEqual([
        [1, 'two-skills-full-time'],
        [2, 'two-skills-half-time'],
        [3, 'one-skill'],
        [4, 'none'],
      ]);
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    });

    it('breaks an equal score by more skills matched', () => {
      // 3 skills over 9 days: 1 skill + 9 days = 0.7/3 + 0.3 = 1.6/3; 2 skills + 2 days = 1.4/3 + 0.3 * 2/9 = 1.6/3.
      const nineDays: MatchDemand = {
        skills: [{ label: 'a' }, { label: 'b' }, { label: 'c' }],
        period: { from: '2026-03-01', to: '2026-03-09' },
      };
      const ranked = rank(nineDays, [
        student('a-one-skill', { skills: [{ label: 'a' }] }),
        student('z-two-skills', { skills: [{ label: 'a' }, { label: 'b' }], availability: { from: '2026-03-08', to: '2026-03-20' } }),
      ]);
      expect(ranked[0].score).toBe(ranked[1].score);
      expect(ranked.map((r) => r.studentId)).toEqual(['z-two-skills', 'a-one-skill']);
    });

    it('breaks an equal score and skill count by more days available', () => {
      // Scores are rounded to 4 decimals: one day less of a ~31-year period changes no digit.
      const longPeriod: MatchDemand = { skills: [], period: { from: '2000-01-01', to: '2030-12-31' } };
      const ranked = rank(longPeriod, [
        student('a-one-day-less', { availability: { from: '2000-01-02', to: '2030-12-31' } }),
        student('b-whole-period', { availability: { from: '1999-01-01', to: '2031-12-31' } }),
      ]);
      expect(ranked[0].reasons.availability.overlapDays - ranked[1].reasons.availability.overlapDays).toBe(1);
      expect(ranked[0].score).toBe(ranked[1].score);
      expect(ranked.map((r) => r.studentId)).toEqual(['b-whole-period', 'a-one-day-less']);
    });

    it('orders exact ties by student id, whatever the input order', () => {
      const ids = ['d', 'b', 'a', 'c', 'B', 'aa'];
      const shuffled = [...ids].reverse();
      const first = rank(
        demand,
        ids.map((id) => student(id)),
      ).map((r) => r.studentId);
      const second = rank(
        demand,
        shuffled.map((id) => student(id)),
      ).map((r) => r.studentId);
      expect(first).toEqual(['B', 'a', 'aa', 'b', 'c', 'd']);
      expect(second).toEqual(first);
    });

    it('numbers ranks from 1 and applies the limit after ordering', () => {
      const ranked = rank(
        demand,
        ['s3', 's1', 's2'].map((id) => student(id)),
        2,
      );
      expect(ranked.map((r) => [r.rank, r.studentId])).toEqual([
        [1, 's1'],
        [2, 's2'],
      ]);
      expect(rank(demand, [student('s1')], 0)).toEqual([]);
    });

    it('counts every ranked student in total, whatever the limit', () => {
      const ranking = rankCandidates(demand, [student('a'), student('b'), student('c', { availability: undefined })], 1);
      expect(ranking.total).toBe(2);
      expect(ranking.items).toHaveLength(1);
    });

    it('returns only ids, programme, cohort, score and reasons', () => {
      const withNames = { ...student('s1'), givenName: 'Li', familyName: 'Wei' } as CandidateProfile;
      const [ranked] = rank(demand, [withNames]);
      expect(Object.keys(ranked).sort()).toEqual(['cohort', 'programme', 'rank', 'reasons', 'score', 'studentId']);
      expect(JSON.stringify(ranked)).not.toContain('Li');
    });
  });
});

describe('CandidateRanker', () => {
  /** A population with many ties (few distinct scores), so the order's later keys decide too. */
  function population(n: number): CandidateProfile[] {
    const skills = [{ label: 'CNC programming', escoUri: CNC }, { label: 'Welding' }, { label: 'technical drawing' }];
    return Array.from({ length: n }, (_, i) =>
      student(`s${String((i * 7919) % n).padStart(5, '0')}`, {
        skills: skills.filter((_, k) => (i >> k) & 1),
        availability: i % 11 === 0 ? { from: '2027-01-01', to: '2027-02-01' } : { from: `2026-03-0${1 + (i % 9)}`, to: '2026-12-31' },
      }),
    );
  }

  it('keeps at most `limit` candidates however many it is given, and counts every one ranked', () => {
    const all = population(5_000);
    const ranker = new CandidateRanker(demand, 20);
    for (const candidate of all) ranker.add(candidate);
    expect(ranker.keptCandidates().length).toBe(20);
    expect(ranker.total).toBe(rankCandidates(demand, all).total);
  });

  it('returns exactly the first `limit` of the full ranking, in whatever order the candidates come', () => {
    const all = population(2_000);
    const full = rankCandidates(demand, all).items;
    for (const limit of [1, 7, 200]) {
      const reversed = new CandidateRanker(demand, limit);
      for (const candidate of [...all].reverse()) reversed.add(candidate);
      expect(reversed.ranking().items).toEqual(full.slice(0, limit));
    }
  });
});

/**
 * The ranking written the plain way (every pair of skills compared, labels normalised each
 * time, days from Date.UTC, everything sorted): the ranker's shortcuts (skills worked out once
 * per label and URI, candidates dropped before an object is made) must give the same answer.
 */
function plainRanking(asked: MatchDemand, candidates: readonly CandidateProfile[], limit: number) {
  const norm = (label: string) => label.trim().toLowerCase().replace(/\s+/g, ' ');
  const day = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    const utc = new Date(Date.UTC(y, m - 1, d));
    return utc.toISOString().slice(0, 10) === date ? utc.getTime() / 86_400_000 : undefined;
  };
  const [periodFrom, periodTo] = [day(asked.period.from)!, day(asked.period.to)!];
  const scored = candidates.flatMap((c) => {
    const [from, to] = [day(c.availability!.from), day(c.availability!.to)];
    if (from === undefined || to === undefined || Math.min(to, periodTo) < Math.max(from, periodFrom)) return [];
    const days = Math.min(to, periodTo) - Math.max(from, periodFrom) + 1;
    const matched = asked.skills.filter((w) =>
      (c.skills ?? []).some((h) => (w.escoUri && h.escoUri ? w.escoUri === h.escoUri : norm(w.label) === norm(h.label))),
    );
    const coverage = asked.skills.length === 0 ? 1 : matched.length / asked.skills.length;
    const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
    const score = round4(SKILL_WEIGHT * coverage + AVAILABILITY_WEIGHT * round4(days / (periodTo - periodFrom + 1)));
    return [{ id: c.studentId, score, matched, days }];
  });
  scored.sort((a, b) => b.score - a.score || b.matched.length - a.matched.length || b.days - a.days || (a.id < b.id ? -1 : 1));
  return { total: scored.length, top: scored.slice(0, limit).map((s) => ({ id: s.id, score: s.score, matched: s.matched, days: s.days })) };
}

describe('CandidateRanker against the plain ranking', () => {
  const skillPool: SkillRef[] = [
    { label: 'CNC programming', escoUri: CNC },
    { label: 'cnc  PROGRAMMING' },
    { label: 'Welding', escoUri: WELDING },
    { label: 'welding', escoUri: CNC },
    { label: ' Technical drawing ' },
    { label: 'technical drawing', escoUri: WELDING },
    { label: 'Soldering' },
  ];
  const isoDay = fc.integer({ min: 20_400, max: 20_900 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
  // skills are either shared objects (as the candidate pool holds them) or fresh copies (as a cursor yields them)
  const skill = fc.tuple(fc.constantFrom(...skillPool), fc.boolean()).map(([s, copy]) => (copy ? { ...s } : s));
  const candidate = fc.record({
    studentId: fc.stringMatching(/^s[0-9]{1,3}$/),
    programme: fc.constant('mechatronics'),
    cohort: fc.constant('2025'),
    skills: fc.array(skill, { maxLength: 6 }),
    availability: fc
      .tuple(isoDay, isoDay, fc.boolean())
      .map(([a, b, broken]) => (broken ? { from: '2026-02-30', to: b } : a <= b ? { from: a, to: b } : { from: b, to: a })),
  });
  const asked = fc.record({
    skills: fc.subarray(skillPool),
    period: fc.tuple(isoDay, isoDay).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
  });

  it('ranks the same students, with the same scores and matched skills, for any limit', () => {
    fc.assert(
      fc.property(
        asked,
        fc.uniqueArray(candidate, { selector: (c) => c.studentId, maxLength: 60 }),
        fc.integer({ min: 1, max: 30 }),
        (a, cs, limit) => {
          const expected = plainRanking(a, cs, limit);
          const ranking = rankCandidates(a, cs, limit);
          expect(ranking.total).toBe(expected.total);
          expect(
            ranking.items.map((r) => ({
              id: r.studentId,
              score: r.score,
              matched: r.reasons.skillsMatched,
              days: r.reasons.availability.overlapDays,
            })),
          ).toEqual(expected.top);
        },
      ),
      { numRuns: 300 },
    );
  });
});
