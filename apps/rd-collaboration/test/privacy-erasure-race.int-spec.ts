import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { PlacementHired } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { httpJson, testMongoUri } from '@app/testing';
import { PlacementOutcomeHandler } from '../src/cross-programme/handlers/placement-outcome.handler';
import { PersonCopiesService } from '../src/person-copies/person-copies.service';
import { PrivacyService } from '../src/privacy/privacy.service';
import { ProjectsRepository } from '../src/projects/projects.repository';
import {
  erasureRequestData,
  placementOutcomeData,
  projectBody,
  RdService,
  seedPair,
  selectedProposal,
  startRdCollaboration,
} from './rd-collaboration.harness';

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

  const erase = (requestId: string, studentId: string) => privacy.erase(erasureRequestData(requestId, studentId));

  /** The student's erasure runs to its confirmation right after the save's first erasure check answered "not erased". */
  function eraseAfterFirstCheck(studentId: string) {
    const requestId = `erasure-${randomUUID()}`;
    const realAnswer = privacy.wasErased.bind(privacy);
    jest.spyOn(privacy, 'wasErased').mockImplementationOnce(async (personId) => {
      const stale = await realAnswer(personId);
      expect(stale).toBe(false);
      await erase(requestId, studentId);
      return stale;
    });
    return requestId;
  }

  const confirmed = async (requestId: string) => (await privacy.erasure(requestId)).status;
  const saveConsent = (studentId: string) =>
    privacy.saveConsent({
      consentId: randomUUID(),
      studentId,
      schoolId: 'school-1',
      enterpriseId: 'enterprise-1',
      purpose: 'rd-project',
      grantedAt: '2026-01-01T08:00:00Z',
      changedAt: '2026-01-01T08:00:00Z',
    });
  const savePlacementOutcome = (studentId: string, outcome: 'started' | 'hired') =>
    rd.app
      .get(PersonCopiesService)
      .savePlacementOutcome(
        placementOutcomeData(
          { placementId: randomUUID(), schoolId: 'school-1', enterpriseId: 'enterprise-1', studentId },
          outcome,
          '2026-11-02T08:00:00.000Z',
        ),
      );

  it('deletes a placement copy written after the erasure deleted the copies', async () => {
    const studentId = `student-${randomUUID()}`;
    const requestId = eraseAfterFirstCheck(studentId);

    const placement = await savePlacementOutcome(studentId, 'hired');

    expect(await confirmed(requestId)).toBe('confirmed');
    expect(await mongo.db().collection('placement_copies').countDocuments({ studentId })).toBe(0);
    // The caller gets this event's facts (counted anonymously), as for any erased student's outcome.
    expect(placement).toMatchObject({ studentId, status: 'hired' });
  });

  it('deletes a consent copy written after the erasure deleted the copies', async () => {
    const studentId = `student-${randomUUID()}`;
    const requestId = eraseAfterFirstCheck(studentId);

    const saved = await saveConsent(studentId);

    expect(await confirmed(requestId)).toBe('confirmed');
    expect(await mongo.db().collection('consent_copies').countDocuments({ studentId })).toBe(0);
    expect(saved).toBe('erased');
  });

  it('keeps the copies of a student nobody erases', async () => {
    const studentId = `student-${randomUUID()}`;
    await savePlacementOutcome(studentId, 'started');
    const saved = await saveConsent(studentId);

    expect(saved).toBe('saved');
    expect(await mongo.db().collection('placement_copies').countDocuments({ studentId })).toBe(1);
    expect(await mongo.db().collection('consent_copies').countDocuments({ studentId })).toBe(1);
  });

  it("links no placement to a project under the student's id once the erasure pseudonymised their row", async () => {
    const pair = await seedPair(rd);
    const { proposal } = await selectedProposal(rd, pair);
    const projectId = (await httpJson('POST', `${rd.baseUrl}/v1/projects`, { token: pair.enterpriseKey, body: projectBody(proposal.id) }))
      .body.id as string;
    const studentId = `student-${randomUUID()}`;
    const joined = await httpJson('POST', `${rd.baseUrl}/v1/projects/${projectId}/participants`, {
      token: pair.schoolKey,
      body: { kind: 'student', personId: studentId, name: 'Li Wei', role: 'Vision labelling' },
    });
    expect(joined.status).toBe(201);
    // The outcome is copied before the erasure starts; the erasure runs once the handler found the student's projects.
    const requestId = `erasure-${randomUUID()}`;
    const projects = rd.app.get(ProjectsRepository);
    const realProjects = projects.withParticipant.bind(projects);
    jest.spyOn(projects, 'withParticipant').mockImplementationOnce(async (personId, enterpriseId) => {
      const found = await realProjects(personId, enterpriseId);
      expect(found.map((p) => p._id)).toEqual([projectId]);
      await erase(requestId, studentId);
      return found;
    });

    const hired = placementOutcomeData(
      { placementId: randomUUID(), schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, studentId },
      'hired',
      '2026-11-02T08:00:00.000Z',
    );
    await rd.app
      .get(PlacementOutcomeHandler)
      .onHired(newCloudEvent(PlacementHired, { source: 'urn:school-enterprise:talent-pipeline', data: hired }));

    expect(await confirmed(requestId)).toBe('confirmed');
    const stored = await mongo
      .db()
      .collection('projects')
      .findOne({ _id: projectId as never });
    expect(JSON.stringify(stored)).not.toContain(studentId);
    expect(await mongo.db().collection('placement_copies').countDocuments({ studentId })).toBe(0);
  });
});
