import { Db } from 'mongodb';
import { AgreementsService } from '../agreements/agreements.service';
import { ConsentService } from '../consent/consent.service';
import { RequisitionsService } from '../demand/requisitions.service';
import { DisclosureService } from '../disclosures/disclosure.service';
import { CandidatePool } from './candidate-pool';
import { CANDIDATE_BATCH_SIZE, CandidateProfilesRepository } from './candidate-profiles.repository';
import { rankCandidates } from './domain/rank-candidates';
import { MatchingService } from './matching.service';

const requisition = {
  _id: 'r1',
  enterpriseId: 'e1',
  status: 'open',
  kind: 'internship',
  skills: [{ label: 'Welding' }, { label: 'CNC programming' }],
  period: { from: '2026-03-01', to: '2026-08-31' },
};

const students = Array.from({ length: 3_000 }, (_, i) => ({
  _id: `st${String(i).padStart(4, '0')}`,
  schoolId: `school-${i % 3}`,
  programme: 'mechatronics',
  cohort: '2025',
  skills: [{ label: 'Welding' }, { label: 'CNC programming' }, { label: 'Painting' }].filter((_, k) => (i >> k) & 1),
  availability: { from: `2026-0${1 + (i % 9)}-01`, to: '2026-12-31' },
}));
/** Every third student has consented to matching by the enterprise. */
const consenting = new Map(students.filter((_, i) => i % 3 === 0).map((s) => [s._id, `consent-${s._id}`]));

/**
 * A students collection whose cursor can only be iterated (`toArray` throws): matching must rank
 * students as they stream in (the memory budget, docs/decisions/0056-memory-budget.md).
 */
function streamingStudents() {
  const finds: { batchSize?: number }[] = [];
  const db = {
    collection: () => ({
      createIndex: async () => 'ok',
      find: (_filter: object, options: { batchSize?: number } = {}) => {
        finds.push({ batchSize: options.batchSize });
        const cursor = {
          toArray: () => {
            throw new Error('toArray on students: matching must stream');
          },
          map: () => cursor,
          close: async () => undefined,
          async *[Symbol.asyncIterator]() {
            yield* students;
          },
        };
        return cursor;
      },
    }),
  };
  return { repository: new CandidateProfilesRepository(db as unknown as Db), finds };
}

function service(consentsAfterMs: number) {
  const { repository, finds } = streamingStudents();
  const recorded: unknown[][] = [];
  const matching = new MatchingService(
    { get: async () => requisition } as unknown as RequisitionsService,
    { schoolsCovering: async () => ['school-0', 'school-1', 'school-2'] } as unknown as AgreementsService,
    {
      // 0: already read (the ranker takes students at once); otherwise they are held until then
      studentsWithConsentInForce: () =>
        consentsAfterMs === 0
          ? Promise.resolve(consenting)
          : new Promise((resolve) => setTimeout(() => resolve(consenting), consentsAfterMs)),
    } as unknown as ConsentService,
    repository,
    { record: async (entries: unknown[]) => void recorded.push(entries) } as unknown as DisclosureService,
    // The pool turned off: these tests are about the database path.
    { current: async () => undefined, answered: () => undefined } as unknown as CandidatePool,
  );
  return { matching, finds, recorded };
}

describe('MatchingService, ranking from the database', () => {
  const eligible = students.filter((s) => consenting.has(s._id)).map((s) => ({ ...s, studentId: s._id }));
  const expected = rankCandidates(requisition, eligible, 20);

  it.each([
    ['before', 0],
    ['after', 50],
  ])('ranks the streamed students exactly like the whole list when the consents arrive %s the students', async (_when, delayMs) => {
    const { matching, finds, recorded } = service(delayMs);
    const result = await matching.match('e1', 'r1', 20, new Date('2026-02-01T00:00:00Z'));
    expect(result.ranked).toBe(expected.total);
    expect(result.items).toEqual(expected.items);
    expect(finds).toEqual([{ batchSize: CANDIDATE_BATCH_SIZE }]);
    // the ledger cites each returned student's school and consent
    expect(recorded[0]).toEqual(
      expected.items.map((item) =>
        expect.objectContaining({
          studentId: item.studentId,
          schoolId: students.find((s) => s._id === item.studentId)!.schoolId,
          basis: { kind: 'consent', consentId: `consent-${item.studentId}` },
        }),
      ),
    );
  });
});
