import { randomUUID } from 'node:crypto';
import { PersonCopiesService } from '../src/person-copies/person-copies.service';
import { RdService, secondmentData, startRdCollaboration } from './rd-collaboration.harness';

jest.setTimeout(60_000);

/**
 * The copies of other services' facts must not depend on arrival order (ADR 0030): an older
 * event arriving late (a redelivery, a replay, another partition's lag) must not overwrite what
 * a newer one said.
 */
describe('person copies applied out of order (real Mongo)', () => {
  let rd: RdService;
  let people: PersonCopiesService;

  beforeAll(async () => {
    rd = await startRdCollaboration();
    people = rd.app.get(PersonCopiesService, { strict: false });
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('keeps the hours and period of the newest secondment event when an older one arrives after it', async () => {
    const ids = { secondmentId: randomUUID(), teacherId: randomUUID(), schoolId: randomUUID(), enterpriseId: randomUUID() };
    const started = secondmentData(ids, '2026-04-01T08:00:00Z');
    const completed = {
      ...secondmentData(ids, '2026-09-30T17:00:00.5Z'),
      period: { start: '2026-04-01', end: '2026-09-26' },
      hoursLogged: 320,
    };

    await people.saveSecondment('completed', completed);
    await people.saveSecondment('started', started);

    expect(await people.secondmentsOf(ids.teacherId)).toEqual([
      expect.objectContaining({ status: 'completed', hoursLogged: 320, period: { start: '2026-04-01', end: '2026-09-26' } }),
    ]);
  });
});
