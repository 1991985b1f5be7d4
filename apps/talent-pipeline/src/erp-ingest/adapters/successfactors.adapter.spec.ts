import { EventRegistry } from '@app/contracts';
import endRescinded from './fixtures/successfactors-end-rescinded.json';
import sample from './fixtures/successfactors-hire.json';
import offer from './fixtures/successfactors-offer.json';
import startRescinded from './fixtures/successfactors-start-rescinded.json';
import start from './fixtures/successfactors-start.json';
import termination from './fixtures/successfactors-termination.json';
import { SuccessFactorsAdapter } from './successfactors.adapter';
import { VendorPayloadError } from './vendor-payload.error';

const adapter = new SuccessFactorsAdapter();
const receivedAt = new Date('2026-09-01T06:16:00Z');
const clone = (from: object = sample): any => JSON.parse(JSON.stringify(from));
const agency = 'successfactors:PRECISIONMO';

function errorsOf(payload: unknown): VendorPayloadError['errors'] {
  try {
    adapter.map(payload, receivedAt);
  } catch (error) {
    expect(error).toBeInstanceOf(VendorPayloadError);
    return (error as VendorPayloadError).errors;
  }
  throw new Error('expected the payload to be rejected');
}

const fieldsRejected = (payload: unknown): string[] => errorsOf(payload).map((e) => e.field);

describe('SuccessFactorsAdapter', () => {
  it('maps an Employee Central hire notification onto a canonical erp.hire.v1 CloudEvent', () => {
    expect(adapter.map(sample, receivedAt)).toEqual({
      specversion: '1.0',
      id: '6f1c2a9e-3b7d-4c1e-9a52-0d8e4b7f1a20',
      source: 'urn:erp:successfactors:PRECISIONMO',
      type: 'erp.hire.v1',
      time: '2026-09-01T06:15:42Z',
      datacontenttype: 'application/json',
      data: {
        person: {
          ids: [
            { value: '100234', schemeId: 'sf:personIdExternal', schemeAgencyId: 'successfactors:PRECISIONMO' },
            { value: 'lwei01', schemeId: 'sf:userId', schemeAgencyId: 'successfactors:PRECISIONMO' },
          ],
        },
        position: {
          title: 'CNC machinist',
          id: { value: '50012345', schemeId: 'sf:position', schemeAgencyId: 'successfactors:PRECISIONMO' },
        },
        hireDate: '2026-09-01',
      },
    });
  });

  it('produces an event the canonical contract accepts', () => {
    expect(() => new EventRegistry().parse(adapter.map(sample, receivedAt))).not.toThrow();
  });

  it('carries the platform placement id from the EmpJob custom field', () => {
    const payload = clone();
    payload.EmpJob.customString1 = 'b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11';
    expect(adapter.map(payload, receivedAt).data.placementId).toBe('b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11');
  });

  it('falls back to PerPerson.personIdExternal and the receive time', () => {
    const payload = clone();
    delete payload.EmpJob.personIdExternal;
    delete payload.publishedAt;
    const event = adapter.map(payload, receivedAt);
    expect(event.data.person?.ids[0]).toEqual({
      value: '100234',
      schemeId: 'sf:personIdExternal',
      schemeAgencyId: 'successfactors:PRECISIONMO',
    });
    expect(event.time).toBe(receivedAt.toISOString());
  });

  it.each([
    ['/Date(1788220800000)/', '2026-09-01'],
    ['/Date(1788220800000+0000)/', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['2026-09-01T00:00:00', '2026-09-01'],
  ])('reads startDate %s as %s', (startDate, hireDate) => {
    const payload = clone();
    payload.EmpJob.startDate = startDate;
    expect(adapter.map(payload, receivedAt).data).toMatchObject({ hireDate });
  });

  it('names EmpJob.eventReason, saying what a hire and what an end look like, when the record is neither', () => {
    const payload = clone();
    payload.EmpJob.eventReason = 'TERRESIG';
    delete payload.EmpJob.jobTitle;
    expect(fieldsRejected(payload)).toEqual(['EmpJob.eventReason']);
    const [error] = errorsOf(payload);
    expect(error.message).toContain('HIRNEW');
    expect(error.message).toContain('26 (Termination, outcome terminated)');
    expect(error.message).toContain('ECWK (End Contingent Worker, outcome completed)');
    expect(error.message).toContain('SCWK (Start Contingent Worker)');
  });

  it('names EmpJob.jobTitle when a hire has none', () => {
    const payload = clone();
    delete payload.EmpJob.jobTitle;
    expect(errorsOf(payload)).toEqual([{ field: 'EmpJob.jobTitle', message: 'required for a hire (eventReason HIRNEW)' }]);
  });

  it('names each missing or malformed vendor field', () => {
    const payload = clone();
    delete payload.eventId;
    delete payload.EmpJob.userId;
    payload.EmpJob.startDate = 'next Monday';
    expect(fieldsRejected(payload).sort()).toEqual(['EmpJob.startDate', 'EmpJob.userId', 'eventId']);
  });

  it('rejects a companyId that cannot be part of a URN', () => {
    const payload = clone();
    payload.companyId = 'precision motors';
    expect(fieldsRejected(payload)).toEqual(['companyId']);
  });

  it('names EmpJob when the entity is missing and (body) when the body is not an object', () => {
    const payload = clone();
    delete payload.EmpJob;
    expect(fieldsRejected(payload)).toEqual(['EmpJob']);
    expect(fieldsRejected('hello')).toEqual(['(body)']);
  });

  describe('ends of a placement', () => {
    it('maps a Termination (event 26) onto a canonical erp.placement-end.v1 CloudEvent, outcome terminated', () => {
      expect(adapter.map(termination, receivedAt)).toEqual({
        specversion: '1.0',
        id: '0b7e5d42-8c19-4f6a-b3d1-7a2c9e4f6b58',
        source: 'urn:erp:successfactors:PRECISIONMO',
        type: 'erp.placement-end.v1',
        time: '2026-12-18T09:41:07Z',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '100234', schemeId: 'sf:personIdExternal', schemeAgencyId: agency },
              { value: 'lwei01', schemeId: 'sf:userId', schemeAgencyId: agency },
            ],
          },
          outcome: 'terminated',
          endReason: 'SuccessFactors event reason TERRESIG',
          // The termination record starts on 2026-12-18: the day after the last day.
          lastDay: '2026-12-17',
        },
      });
    });

    it('produces an end the canonical contract accepts', () => {
      expect(() => new EventRegistry().parse(adapter.map(termination, receivedAt))).not.toThrow();
    });

    it.each([
      ['26', 'terminated'],
      ['ECWK', 'completed'],
    ])('reads event %s as outcome %s, with the customer’s own reason code and no jobTitle needed', (event, outcome) => {
      const payload = clone(termination);
      payload.EmpJob.event = event;
      payload.EmpJob.eventReason = 'CWEND_ASSIGN';
      delete payload.EmpJob.jobTitle;
      expect(adapter.map(payload, receivedAt).data).toMatchObject({ outcome, endReason: 'SuccessFactors event reason CWEND_ASSIGN' });
    });

    it('carries the platform placement id from the EmpJob custom field', () => {
      const payload = clone(termination);
      payload.EmpJob.customString1 = 'b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11';
      expect(adapter.map(payload, receivedAt).data.placementId).toBe('b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11');
    });

    it('names EmpJob.eventReason when an end event carries none', () => {
      const payload = clone(termination);
      delete payload.EmpJob.eventReason;
      expect(errorsOf(payload)).toEqual([
        { field: 'EmpJob.eventReason', message: "required for an end (event 26): the customer's reason code" },
      ]);
    });

    it('names EmpJob.eventReason when the event is neither an end nor under a hire reason', () => {
      const payload = clone(termination);
      payload.EmpJob.event = '5581';
      expect(fieldsRejected(payload)).toEqual(['EmpJob.eventReason']);
    });

    it('names EmpJob.event when an end event carries a hire reason', () => {
      const payload = clone(termination);
      payload.EmpJob.eventReason = 'HIRNEW';
      expect(fieldsRejected(payload)).toEqual(['EmpJob.event']);
    });

    it('names every bad field at once, the record check with the others', () => {
      const payload = clone(termination);
      delete payload.eventId;
      payload.EmpJob.startDate = 'last Friday';
      payload.EmpJob.event = 'XX';
      expect(fieldsRejected(payload).sort()).toEqual(['EmpJob.eventReason', 'EmpJob.startDate', 'eventId']);
    });
  });

  describe('starts of a placement', () => {
    it('maps a Start Contingent Worker (event SCWK) onto a canonical erp.placement-start.v1 CloudEvent, its startDate the first day', () => {
      expect(adapter.map(start, receivedAt)).toEqual({
        specversion: '1.0',
        id: '3d9f6b21-7c4e-4a08-b5e2-91f0c7a3d614',
        source: 'urn:erp:successfactors:PRECISIONMO',
        type: 'erp.placement-start.v1',
        time: '2026-03-02T00:12:30Z',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '100877', schemeId: 'sf:personIdExternal', schemeAgencyId: agency },
              { value: 'zhmin01', schemeId: 'sf:userId', schemeAgencyId: agency },
            ],
          },
          startDate: '2026-03-02',
        },
      });
    });

    it('produces a start the canonical contract accepts', () => {
      expect(() => new EventRegistry().parse(adapter.map(start, receivedAt))).not.toThrow();
    });

    it('needs neither a jobTitle nor an eventReason, and carries the placement id from the EmpJob custom field', () => {
      const payload = clone(start);
      delete payload.EmpJob.jobTitle;
      delete payload.EmpJob.eventReason;
      payload.EmpJob.customString1 = 'b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11';
      expect(adapter.map(payload, receivedAt).data).toMatchObject({
        placementId: 'b4a9f7de-0d0f-4b8e-9a43-1f0f1c1e7a11',
        startDate: '2026-03-02',
      });
    });

    it('names EmpJob.event when a start carries a hire reason, and EmpJob.startDate when it is no date', () => {
      const hireReason = clone(start);
      hireReason.EmpJob.eventReason = 'HIRNEW';
      expect(errorsOf(hireReason)).toEqual([
        { field: 'EmpJob.event', message: 'event SCWK (Start Contingent Worker) is not a hire, but eventReason HIRNEW is a hire reason' },
      ]);
      const undated = clone(start);
      undated.EmpJob.startDate = 'first Monday of March';
      expect(fieldsRejected(undated)).toEqual(['EmpJob.startDate']);
    });
  });

  describe('an end taken back (the termination record deleted)', () => {
    it('maps the deletion of a Termination record onto a canonical erp.placement-end-rescinded.v1 CloudEvent', () => {
      expect(adapter.map(endRescinded, receivedAt)).toEqual({
        specversion: '1.0',
        id: 'a51c7e90-2f3b-4d6a-8e14-6b9d0c2f7e35',
        source: 'urn:erp:successfactors:PRECISIONMO',
        type: 'erp.placement-end-rescinded.v1',
        time: '2026-12-10T03:05:44Z',
        datacontenttype: 'application/json',
        data: {
          person: {
            ids: [
              { value: '100234', schemeId: 'sf:personIdExternal', schemeAgencyId: agency },
              { value: 'lwei01', schemeId: 'sf:userId', schemeAgencyId: agency },
            ],
          },
          // The deleted termination record starts on 18 December: the end it carried had its last day the day before.
          lastDay: '2026-12-17',
        },
      });
      expect(() => new EventRegistry().parse(adapter.map(endRescinded, receivedAt))).not.toThrow();
    });

    it('takes back an End Contingent Worker record too, without needing its reason code', () => {
      const payload = clone(endRescinded);
      payload.EmpJob.event = 'ECWK';
      delete payload.EmpJob.eventReason;
      payload.EmpJob.customString1 = 'pl-9';
      expect(adapter.map(payload, receivedAt)).toMatchObject({ type: 'erp.placement-end-rescinded.v1', data: { placementId: 'pl-9' } });
    });

    it('reads operation UPSERT (or none) as a written record: the same record is then the end', () => {
      const payload = clone(endRescinded);
      payload.operation = 'UPSERT';
      expect(adapter.map(payload, receivedAt)).toMatchObject({ type: 'erp.placement-end.v1', data: { outcome: 'terminated' } });
    });

    it('names operation when the deleted record is a hire: only a start or an end can be taken back', () => {
      const payload = clone(sample);
      payload.operation = 'DELETE';
      expect(errorsOf(payload)).toEqual([
        {
          field: 'operation',
          message:
            'only a start record (event SCWK) or an end record (event 26 or ECWK) can be deleted: that takes the start or the end back',
        },
      ]);
    });

    it('names an operation it does not know, with the other bad fields', () => {
      const payload = clone(endRescinded);
      payload.operation = 'PURGE';
      delete payload.EmpJob.userId;
      expect(fieldsRejected(payload).sort()).toEqual(['EmpJob.userId', 'operation']);
    });
  });

  describe('a start taken back (the Start Contingent Worker record deleted)', () => {
    it('maps the deletion of a Start Contingent Worker record onto a canonical erp.placement-start-rescinded.v1 CloudEvent', () => {
      const rescission = adapter.map(startRescinded, receivedAt);
      expect(rescission).toEqual({
        specversion: '1.0',
        id: 'c6e2a0d4-8b1f-4f3a-9d57-2e7b1c0f4a98',
        source: 'urn:erp:successfactors:PRECISIONMO',
        type: 'erp.placement-start-rescinded.v1',
        time: '2026-03-02T00:47:10Z',
        datacontenttype: 'application/json',
        // No rescindedEventId: SuccessFactors does not say which notification created the deleted record; its day says which start.
        data: {
          person: {
            ids: [
              { value: '100877', schemeId: 'sf:personIdExternal', schemeAgencyId: agency },
              { value: 'zhmin01', schemeId: 'sf:userId', schemeAgencyId: agency },
            ],
          },
          firstDay: '2026-03-02',
        },
      });
      expect(() => new EventRegistry().parse(rescission)).not.toThrow();
    });

    it('needs neither a jobTitle nor an eventReason, and carries the placement id from the EmpJob custom field', () => {
      const payload = clone(startRescinded);
      delete payload.EmpJob.jobTitle;
      delete payload.EmpJob.eventReason;
      payload.EmpJob.customString1 = 'pl-11';
      expect(adapter.map(payload, receivedAt)).toMatchObject({ type: 'erp.placement-start-rescinded.v1', data: { placementId: 'pl-11' } });
    });

    it('reads the same record written (operation UPSERT) as the start itself', () => {
      const payload = clone(startRescinded);
      payload.operation = 'UPSERT';
      expect(adapter.map(payload, receivedAt)).toMatchObject({ type: 'erp.placement-start.v1', data: { startDate: '2026-03-02' } });
    });

    it('names the deleted record’s bad fields like a written one’s', () => {
      const payload = clone(startRescinded);
      delete payload.EmpJob.userId;
      payload.companyId = 'PRECISION MO';
      expect(fieldsRejected(payload).sort()).toEqual(['EmpJob.userId', 'companyId']);
    });
  });

  describe('offers (Recruiting offer letters)', () => {
    it('maps an accepted online offer onto a canonical erp.offer.v1 CloudEvent naming the candidate', () => {
      expect(adapter.map(offer, receivedAt)).toEqual({
        specversion: '1.0',
        id: 'c2e8a417-95d0-4b3f-a6c1-0e7f4d9b2a63',
        source: 'urn:erp:successfactors:PRECISIONMO',
        type: 'erp.offer.v1',
        time: '2026-02-12T08:31:05Z',
        datacontenttype: 'application/json',
        data: {
          person: { ids: [{ value: '1207', schemeId: 'sf:candidateId', schemeAgencyId: agency }] },
          status: 'accepted',
          offeredAt: '2026-02-10',
          respondedAt: '2026-02-12',
        },
      });
      expect(() => new EventRegistry().parse(adapter.map(offer, receivedAt))).not.toThrow();
    });

    it.each([
      ['NOT_VIEWED_BY_CAND', 'extended'],
      ['PENDING', 'extended'],
      ['ACCEPTED', 'accepted'],
      ['DECLINED', 'declined'],
      ['CANCELLED', 'withdrawn'],
    ])('reads offer letter status %s as %s', (status, stage) => {
      const payload = clone(offer);
      payload.OfferLetter.status = status;
      const mapped = adapter.map(payload, receivedAt);
      expect(mapped.data).toMatchObject({ status: stage });
      expect(() => new EventRegistry().parse(mapped)).not.toThrow();
    });

    it('reports no answer day for an offer still open, and carries the placement id from the application', () => {
      const payload = clone(offer);
      payload.OfferLetter.status = 'PENDING';
      payload.JobApplication.platformPlacementId = 'pl-11';
      expect(adapter.map(payload, receivedAt).data).toEqual({
        placementId: 'pl-11',
        person: { ids: [{ value: '1207', schemeId: 'sf:candidateId', schemeAgencyId: agency }] },
        status: 'extended',
        offeredAt: '2026-02-10',
      });
    });

    it('names OfferLetter.status for an EXPIRED offer, saying which statuses map', () => {
      const payload = clone(offer);
      payload.OfferLetter.status = 'EXPIRED';
      const [error, ...others] = errorsOf(payload);
      expect(others).toEqual([]);
      expect(error.field).toBe('OfferLetter.status');
      expect(error.message).toContain('CANCELLED (withdrawn)');
      expect(error.message).toContain('EXPIRED');
    });

    it('names each missing or malformed field of the offer and the application', () => {
      const payload = clone(offer);
      delete payload.JobApplication.candidateId;
      delete payload.OfferLetter.offerLetterId;
      payload.OfferLetter.sentDate = 'last week';
      delete payload.eventId;
      expect(fieldsRejected(payload).sort()).toEqual([
        'JobApplication.candidateId',
        'OfferLetter.offerLetterId',
        'OfferLetter.sentDate',
        'eventId',
      ]);
    });

    it('names EmpJob when a notification carries an offer letter and job information', () => {
      const payload = { ...clone(offer), EmpJob: clone(sample).EmpJob };
      expect(errorsOf(payload)).toEqual([{ field: 'EmpJob', message: 'a notification carries OfferLetter or EmpJob, not both' }]);
    });

    it('names JobApplication when the offer letter comes without its application', () => {
      const payload = clone(offer);
      delete payload.JobApplication;
      expect(fieldsRejected(payload)).toEqual(['JobApplication']);
    });
  });
});
