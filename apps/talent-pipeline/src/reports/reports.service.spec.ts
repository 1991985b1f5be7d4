import { Db } from 'mongodb';
import { conversionReport } from './domain/conversion-report';
import { placementReport } from './domain/placement-report';
import { placement, student } from './domain/report-fixtures';
import { REPORT_BATCH_SIZE, ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import type { ReportPool } from './report-pool';

/** The report pool turned off: the database path (queries and reduce) is what this measures or tests. */
const POOL_OFF = { current: async () => undefined } as unknown as ReportPool;

/**
 * A Db whose cursors can only be iterated: `toArray` throws, so a report that read a whole
 * collection into memory at once would fail here (the memory budget, docs/decisions/0056-memory-budget.md).
 */
function streamingOnlyDb(collections: Record<string, object[]>) {
  const finds: { collection: string; batchSize?: number }[] = [];
  const db = {
    collection: (name: string) => ({
      createIndex: async () => 'ok',
      find: (_filter: object, options: { batchSize?: number } = {}) => {
        finds.push({ collection: name, batchSize: options.batchSize });
        const docs = collections[name] ?? [];
        return {
          toArray: () => {
            throw new Error(`toArray on ${name}: the report must stream`);
          },
          async *[Symbol.asyncIterator]() {
            yield* docs;
          },
        };
      },
    }),
  };
  return { db: db as unknown as Db, finds };
}

describe('ReportsService streams its reads', () => {
  const students = [student('s1', '2025-12-01'), student('s2', '2025-12-11'), student('s3', '2025-12-01', 'welding', '2024')];
  const placements = [
    placement('s1', ['proposed', 'offered', 'accepted', 'active', 'completed', 'hired'], { enterpriseId: 'e1' }),
    placement('s2', ['proposed', 'offered', 'accepted', 'active', 'completed'], { enterpriseId: 'e2', role: 'Welder' }),
    placement('s3', ['proposed'], { programme: 'welding', cohort: '2024' }),
  ];

  it('builds the school report from cursors in batches, never holding a whole collection', async () => {
    // The enterprise names are read by id ($in of the destinations) after the tallies: a small list.
    const { db, finds } = streamingOnlyDb({ students, placements });
    const enterprises = [{ _id: 'e1', name: 'Precision Motors' }];
    const repository = new ReportsRepository(db);
    jest.spyOn(repository, 'enterpriseNames').mockResolvedValue(new Map(enterprises.map((e) => [e._id, e.name])));
    const report = await new ReportsService(repository, POOL_OFF).placements({ schoolId: 'school-1' });
    const { generatedAt, scope, ...figures } = report;
    expect(scope).toEqual({ schoolId: 'school-1' });
    expect(generatedAt).toEqual(expect.any(String));
    expect(figures).toEqual(placementReport(students, placements, new Map([['e1', 'Precision Motors']])));
    expect(finds).toEqual([
      { collection: 'students', batchSize: REPORT_BATCH_SIZE },
      { collection: 'placements', batchSize: REPORT_BATCH_SIZE },
    ]);
  });

  it('builds the conversion report from a cursor', async () => {
    const { db, finds } = streamingOnlyDb({ placements });
    const { enterpriseId, generatedAt, ...figures } = await new ReportsService(new ReportsRepository(db), POOL_OFF).conversion('e1');
    expect(enterpriseId).toBe('e1');
    expect(generatedAt).toEqual(expect.any(String));
    expect(figures).toEqual(conversionReport(placements));
    expect(finds).toEqual([{ collection: 'placements', batchSize: REPORT_BATCH_SIZE }]);
  });
});
