import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { testMongoUri } from '@app/testing';
import { PersonCopiesService } from '../src/person-copies/person-copies.service';
import { PrivacyService } from '../src/privacy/privacy.service';
import { placementOutcomeData, RdService, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(120_000);

/**
 * A copy saved while the same student's erasure runs on another partition. The interleaving is
 * forced: the save's erasure check gets its real answer (not erased), the whole erasure then runs
 * and confirms, and only then does the save go on to write, as if the check had just lost the race.
 */
describe('a copy saved while the student is being erased is not kept (real Kafka + Mongo)', () => {
  let rd: RdService;
  let mongo: MongoClient;
  let privacy: PrivacyService;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    mongo = await new MongoClient(testMongoUri(rd.database)).connect();
    privacy = rd.app.get(PrivacyService);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await mongo?.close();
    await rd?.close();
  });

  /** The student's erasure runs to its confirmation right after the save's first erasure check answered "not erased". */
  function eraseAfterFirstCheck(studentId: string) {
    const requestId = `erasure-${randomUUID()}`;
    const realAnswer = privacy.wasErased.bind(privacy);
    jest.spyOn(privacy, 'wasErased').mockImplementationOnce(async (personId) => {
      const stale = await realAnswer(personId);
      expect(stale).toBe(false);
      await privacy.erase({
        requestId,
        personId: studentId,
        personKind: 'student',
        schoolId: 'school-1',
        origin: 'school',
        reason: 'GDPR Art. 17(1)(a)',
        requestedAt: new Date().toISOString(),
      });
      return stale;
    });
    return requestId;
  }

  const confirmed = async (requestId: string) => (await privacy.erasure(requestId)).status;

  it('deletes a placement copy written after the erasure deleted the copies', async () => {
    const studentId = `student-${randomUUID()}`;
    const requestId = eraseAfterFirstCheck(studentId);

    const placement = await rd.app
      .get(PersonCopiesService)
      .savePlacementOutcome(
        placementOutcomeData(
          { placementId: randomUUID(), schoolId: 'school-1', enterpriseId: 'enterprise-1', studentId },
          'hired',
          '2026-11-02T08:00:00.000Z',
        ),
      );

    expect(await confirmed(requestId)).toBe('confirmed');
    expect(await mongo.db().collection('placement_copies').countDocuments({ studentId })).toBe(0);
    // The caller gets this event's facts (counted anonymously), as for any erased student's outcome.
    expect(placement).toMatchObject({ studentId, status: 'hired' });
  });

  it('deletes a consent copy written after the erasure deleted the copies', async () => {
    const studentId = `student-${randomUUID()}`;
    const requestId = eraseAfterFirstCheck(studentId);

    const saved = await privacy.saveConsent({
      consentId: randomUUID(),
      studentId,
      schoolId: 'school-1',
      enterpriseId: 'enterprise-1',
      purpose: 'rd-project',
      grantedAt: '2026-01-01T08:00:00Z',
      changedAt: '2026-01-01T08:00:00Z',
    });

    expect(await confirmed(requestId)).toBe('confirmed');
    expect(await mongo.db().collection('consent_copies').countDocuments({ studentId })).toBe(0);
    expect(saved).toBe('erased');
  });

  it('keeps the copies of a student nobody erases', async () => {
    const studentId = `student-${randomUUID()}`;
    await rd.app
      .get(PersonCopiesService)
      .savePlacementOutcome(
        placementOutcomeData(
          { placementId: randomUUID(), schoolId: 'school-1', enterpriseId: 'enterprise-1', studentId },
          'started',
          '2026-05-10T08:00:00.000Z',
        ),
      );
    const saved = await privacy.saveConsent({
      consentId: randomUUID(),
      studentId,
      schoolId: 'school-1',
      enterpriseId: 'enterprise-1',
      purpose: 'rd-project',
      grantedAt: '2026-01-01T08:00:00Z',
      changedAt: '2026-01-01T08:00:00Z',
    });

    expect(saved).toBe('saved');
    expect(await mongo.db().collection('placement_copies').countDocuments({ studentId })).toBe(1);
    expect(await mongo.db().collection('consent_copies').countDocuments({ studentId })).toBe(1);
  });
});
