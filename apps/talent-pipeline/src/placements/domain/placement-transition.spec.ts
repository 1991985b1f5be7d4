import { PlacementDocument } from '../placement.document';
import { decidePlacementOutcome, evolvePlacement, PlacementTransition, scheduledStepFate } from './placement-transition';

const created = new Date('2026-03-01T08:00:00.000Z');
const at = new Date('2026-09-01T08:00:00.000Z');

const placement: PlacementDocument = {
  _id: 'pl-1',
  version: 3,
  outbox: [],
  studentId: 'stu-1',
  schoolId: 'sch-1',
  enterpriseId: 'ent-1',
  programme: 'Mechatronics',
  cohort: '2026',
  kind: 'internship',
  role: 'CNC intern',
  startDate: '2026-03-01',
  status: 'active',
  history: [{ status: 'proposed', at: created, cause: 'http' }],
  createdAt: created,
};

const endOfPlacement = { reason: 'finished', hoursLogged: 120, evaluation: { count: 1, averageScore: 4, competencies: { cnc: 4 } } };

/** decide after evolve, as the service does. */
const apply = (current: PlacementDocument, transition: PlacementTransition) => {
  const set = evolvePlacement(current, transition);
  return { set, outcome: decidePlacementOutcome({ ...current, ...set }, transition) };
};

describe('placement transition (pure decide / evolve)', () => {
  it("takes an ERP's first day as the start date when the placement becomes active, and only then", () => {
    const accepted = { ...placement, status: 'accepted' as const };
    const cause = { source: 'urn:erp:x', id: 'start-1', type: 'erp.placement-start.v1' };
    const { set, outcome } = apply(accepted, { to: 'active', at, causedBy: cause, firstDay: '2026-03-02' });
    expect(set).toMatchObject({ status: 'active', startDate: '2026-03-02' });
    expect(outcome).toMatchObject({ outcome: 'started', causedBy: cause });
    expect(apply(accepted, { to: 'active', at }).set.startDate).toBeUndefined();
    expect(apply(placement, { to: 'completed', at, firstDay: '2026-03-02' }).set.startDate).toBeUndefined();
  });

  it('evolves status and history, and keeps the end-of-placement summary only for an ending', () => {
    const { set } = apply(placement, { to: 'completed', at, endOfPlacement });
    expect(set).toEqual({
      status: 'completed',
      history: [...placement.history, { status: 'completed', at, cause: 'http' }],
      endOfPlacement,
    });
    expect(placement.history).toHaveLength(1);
    expect(evolvePlacement(placement, { to: 'hired', at, endOfPlacement })).not.toHaveProperty('endOfPlacement');
  });

  it('drops a scheduled end with any transition out of active (applied by it, or overtaken by another path)', () => {
    const scheduledEnd = {
      outcome: 'completed' as const,
      lastDay: '2026-12-18',
      dueOn: '2026-12-19',
      causedBy: { source: 'urn:erp', id: 'evt-1', type: 'erp.placement-end.v1' },
      eventTime: '2026-12-01T08:00:00Z',
      appliedEvent: 'ent-1|urn:erp|evt-1',
      receivedAt: created,
    };
    const waiting = { ...placement, scheduledEnd };
    expect(evolvePlacement(waiting, { to: 'terminated', at })).toMatchObject({ status: 'terminated', scheduledEnd: null });
    expect(evolvePlacement(waiting, { to: 'hired', at })).toMatchObject({ status: 'hired', scheduledEnd: null });
    expect(evolvePlacement(placement, { to: 'completed', at })).not.toHaveProperty('scheduledEnd');
    // The outcome schools hear about never carries the schedule.
    expect(apply(waiting, { to: 'completed', at, endOfPlacement }).outcome).not.toHaveProperty('scheduledEnd');
  });

  it('drops a scheduled start with any transition out of accepted: applied by it, or overtaken (terminated, started by hand)', () => {
    const scheduledStart = {
      firstDay: '2026-12-14',
      dueOn: '2026-12-14',
      causedBy: { source: 'urn:erp', id: 'evt-2', type: 'erp.placement-start.v1' },
      eventTime: '2026-12-01T08:00:00Z',
      appliedEvent: 'ent-1|urn:erp|evt-2',
      receivedAt: created,
    };
    const waiting = { ...placement, status: 'accepted' as const, scheduledStart };
    expect(evolvePlacement(waiting, { to: 'active', at, firstDay: '2026-12-14' })).toMatchObject({
      status: 'active',
      startDate: '2026-12-14',
      scheduledStart: null,
    });
    expect(evolvePlacement(waiting, { to: 'terminated', at })).toMatchObject({ status: 'terminated', scheduledStart: null });
    expect(evolvePlacement(placement, { to: 'completed', at })).not.toHaveProperty('scheduledStart');
  });

  it('tells what became of a scheduled ERP step once it left the placement: applied when its event caused a change, superseded otherwise', () => {
    const event = { source: 'urn:erp', id: 'evt-3', type: 'erp.placement-start.v1' };
    const key = 'ent-1|urn:erp|evt-3';
    const scheduledStart = {
      firstDay: '2026-12-14',
      dueOn: '2026-12-14',
      causedBy: event,
      eventTime: '2026-12-01T08:00:00Z',
      appliedEvent: key,
      receivedAt: created,
    };
    const waiting = { ...placement, status: 'accepted' as const, appliedEvents: [key], scheduledStart };
    expect(scheduledStepFate(waiting, key, event)).toBeUndefined(); // still scheduled
    expect(scheduledStepFate({ ...placement, appliedEvents: [] }, key, event)).toBeUndefined(); // never taken
    const applied = { ...waiting, ...evolvePlacement(waiting, { to: 'active', at, causedBy: event, firstDay: '2026-12-14' }) };
    expect(scheduledStepFate(applied, key, event)).toBe('applied');
    const byHand = { ...waiting, ...evolvePlacement(waiting, { to: 'active', at }) };
    expect(scheduledStepFate(byHand, key, event)).toBe('superseded');
    const replaced = {
      ...waiting,
      appliedEvents: [key, 'ent-1|urn:erp|evt-4'],
      scheduledStart: { ...scheduledStart, appliedEvent: 'ent-1|urn:erp|evt-4' },
    };
    expect(scheduledStepFate(replaced, key, event)).toBe('superseded');
  });

  it('decides the outcome for schools, with the event that caused it and the hire', () => {
    const causedBy = { source: 'urn:erp', id: 'evt-9', type: 'erp.hire.v1' };
    const hire = { positionTitle: 'Technician', hireDate: '2026-09-01' };
    const { set, outcome } = apply(placement, { to: 'hired', at, causedBy, hire });
    expect(set.history?.at(-1)).toEqual({ status: 'hired', at, cause: 'erp.hire.v1 evt-9' });
    expect(outcome).toEqual({
      placementId: 'pl-1',
      schoolId: 'sch-1',
      enterpriseId: 'ent-1',
      studentId: 'stu-1',
      programme: 'Mechatronics',
      cohort: '2026',
      kind: 'internship',
      role: 'CNC intern',
      outcome: 'hired',
      occurredAt: at.toISOString(),
      causedBy,
      hire,
    });
  });

  it('announces an ending with its summary, and nothing for a status that is not an outcome', () => {
    expect(apply(placement, { to: 'terminated', at, endOfPlacement }).outcome).toMatchObject({ outcome: 'terminated', endOfPlacement });
    expect(apply({ ...placement, status: 'proposed' }, { to: 'offered', at }).outcome).toBeUndefined();
  });
});
