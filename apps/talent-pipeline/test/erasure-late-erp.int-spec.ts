import { randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { postErpEvents, testMongoUri, waitFor } from '@app/testing';
import { OwnStoreEraser } from '../src/erasure/own-store-eraser';
import { StudentsService } from '../src/students/students.service';
import { seedInternship, startTalentPipeline } from './talent-pipeline.harness';

jest.setTimeout(120_000);

/** What an ERP may still send about a student after the student's erasure: none of it may be kept. */
const PERSONAL = {
  rollNumber: 'ROLL-LATE-5521',
  endReason: 'HR note: Li Wei was dismissed after a dispute with the foreman',
  subject: 'Li Wei, born 2007-04-12',
};

/**
 * An ERP event that arrives after a student's erasure has started, or is done (ADR 0037, addendum
 * of 2026-12-07): the inbox keeps what processing and dedupe need, not the personal fields the ERP
 * sent.
 */
describe('ERP events about an erased student (real Kafka + Mongo-compatible server)', () => {
  let service: Awaited<ReturnType<typeof startTalentPipeline>>;
  let mongo: MongoClient;
  let db: Db;

  beforeAll(async () => {
    service = await startTalentPipeline();
    mongo = await MongoClient.connect(testMongoUri(service.database));
    db = mongo.db(service.database);
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  /** The talent pipeline's own-store erasure of the student, to its end or (`upToTheEnd`) up to its last step. */
  const erase = (student: { id: string; schoolId: string }, options: { upToTheEnd?: boolean } = {}) => {
    if (options.upToTheEnd) jest.spyOn(service.app.get(StudentsService), 'erase').mockResolvedValue(null);
    return service.app.get(OwnStoreEraser).erase({
      requestId: randomUUID(),
      personId: student.id,
      personKind: 'student',
      schoolId: student.schoolId,
      origin: 'operator',
      reason: 'GDPR Art. 17',
      requestedAt: new Date().toISOString(),
    });
  };

  const seed = () =>
    seedInternship(service.baseUrl, { status: 'active', studentExternalId: { value: PERSONAL.rollNumber, schemeId: 'school-roll' } });

  const postEnd = (seeded: Awaited<ReturnType<typeof seed>>, data: Record<string, unknown>, id = `end-${randomUUID()}`) =>
    postErpEvents({
      baseUrl: service.baseUrl,
      enterpriseId: seeded.enterprise.id,
      secret: seeded.enterprise.erpSigningSecret,
      body: {
        specversion: '1.0',
        id,
        source: 'urn:erp:test',
        type: 'erp.placement-end.v1',
        subject: PERSONAL.subject,
        data: { outcome: 'terminated', endReason: PERSONAL.endReason, ...data },
      },
    }).then((answer) => ({ answer, id }));

  const personalValuesIn = (doc: unknown) => {
    const text = JSON.stringify(doc);
    return Object.values(PERSONAL).filter((value) => text.includes(value));
  };

  it('keeps an end that names an erased student by placement and HR id without its personal fields', async () => {
    const seeded = await seed();
    await erase(seeded.student);

    const { answer, id } = await postEnd(seeded, {
      placementId: seeded.placement.id,
      person: { ids: [{ value: PERSONAL.rollNumber, schemeId: 'school-roll' }] },
    });
    expect(answer.status).toBe(202);

    const stored = await db.collection('erp_inbox').findOne({ 'event.id': id });
    expect(stored).toMatchObject({ event: { type: 'erp.placement-end.v1', data: { placementId: seeded.placement.id } } });
    expect(personalValuesIn(stored)).toEqual([]);
    // Still applied to the pseudonymised placement (reports count it), as a late hire is: its processing needs no personal field.
    const settled = await waitFor('the end settled', async () => {
      const doc = await db.collection('erp_inbox').findOne({ 'event.id': id });
      return doc?.status !== 'accepted' && doc;
    });
    expect(personalValuesIn(settled)).toEqual([]);
    expect(personalValuesIn(await db.collection('erp_review_queue').findOne({ 'event.id': id }))).toEqual([]);
  });

  it('refuses, without its personal fields, an end that names a student being erased only by HR id', async () => {
    const seeded = await seed();
    await erase(seeded.student, { upToTheEnd: true });

    const { answer, id } = await postEnd(seeded, { person: { ids: [{ value: PERSONAL.rollNumber, schemeId: 'school-roll' }] } });
    expect(answer.status).toBe(202);

    const stored = await db.collection('erp_inbox').findOne({ 'event.id': id });
    expect(stored).toMatchObject({ event: { type: 'erp.placement-end.v1' } });
    expect(personalValuesIn(stored)).toEqual([]);
    // Its HR ids were its only link to the student: it can never be applied, so it is not forwarded to be held for review either.
    expect(stored).toMatchObject({ status: 'refused', outbox: [] });
  });

  it('keeps without its personal fields an event whose student was marked between the check before its insert and the insert', async () => {
    const seeded = await seed();
    const students = service.app.get(StudentsService);
    // The ingest reads the students the event names (not erased yet); the erasure then runs to its last step before the insert.
    const original = students.namedBy.bind(students);
    let erased!: () => void;
    const done = new Promise<void>((resolve) => (erased = resolve));
    let armed = true;
    jest.spyOn(students, 'namedBy').mockImplementation(async (...args) => {
      const answer = await original(...args);
      if (armed && args[0].includes(seeded.student.id)) {
        armed = false;
        await erase(seeded.student, { upToTheEnd: true });
        erased();
      }
      return answer;
    });

    const { answer, id } = await postEnd(seeded, {
      placementId: seeded.placement.id,
      person: { ids: [{ value: PERSONAL.rollNumber, schemeId: 'school-roll' }] },
    });
    await done;
    expect(answer.status).toBe(202);

    const stored = await db.collection('erp_inbox').findOne({ 'event.id': id });
    expect(stored).toMatchObject({ event: { data: { placementId: seeded.placement.id } } });
    expect(personalValuesIn(stored)).toEqual([]);
    // What was forwarded to Kafka is the redacted event too: nothing the consumer stores from it carries the values.
    const settled = await waitFor('the end settled', async () => {
      const doc = await db.collection('erp_inbox').findOne({ 'event.id': id });
      return doc?.status !== 'accepted' && doc;
    });
    expect(personalValuesIn(settled)).toEqual([]);
    expect(personalValuesIn(await db.collection('erp_review_queue').findOne({ 'event.id': id }))).toEqual([]);
  });
});
