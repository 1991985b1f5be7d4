import {
  CloudEvent,
  EventOf,
  EventRegistry,
  isEvent,
  PLACEMENT_OUTCOME_CONTRACT_LIST,
  PLACEMENT_OUTCOME_CONTRACTS,
  PlacementCompleted,
  PlacementHired,
  PlacementOutcome,
  PlacementOutcomeEvent,
  PlacementOutcomeKind,
  PlacementStarted,
  PlacementTerminated,
  RdHoursLogged,
  SecondmentLifecycleEvent,
} from '@app/contracts';
import { newCloudEvent } from './new-cloud-event';

/*
 * The typed event unions, checked by the compiler: each `@ts-expect-error` line below must fail
 * to compile, or `npm run typecheck` (tsc -p tsconfig.json, which covers every *.spec.ts) fails
 * with "Unused '@ts-expect-error' directive". ts-jest only transpiles (isolatedModules), so the
 * runtime assertions here check what the same code does.
 */

/** `true` exactly when A and B are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const SOURCE = 'urn:school-enterprise:test';

const outcomeData = (outcome: PlacementOutcomeKind): PlacementOutcome => ({
  placementId: 'pl-1',
  schoolId: 'sch-1',
  enterpriseId: 'ent-1',
  studentId: 'stu-1',
  programme: 'Mechatronics',
  cohort: '2026',
  kind: 'internship',
  role: 'CNC machinist',
  outcome,
  occurredAt: '2026-09-01T08:00:00.000Z',
});

const hoursData = {
  entryId: 'entry-1',
  projectId: 'prj-1',
  enterpriseId: 'ent-1',
  schoolId: 'sch-1',
  teacherId: 'tch-1',
  date: '2026-09-01',
  hours: 3,
  activity: 'fixture design',
  occurredAt: '2026-09-01T08:00:00.000Z',
};

/** What a consumer of the outcome topic does with each type: `switch` narrows `data`. */
function summary(event: PlacementOutcomeEvent): string {
  switch (event.type) {
    case PlacementHired.type: {
      const outcome: 'hired' = event.data.outcome;
      return `${outcome} as ${event.data.hire?.positionTitle ?? '?'}`;
    }
    case PlacementStarted.type: {
      // @ts-expect-error a started event's data says `started`, never `hired`
      const wrong: 'hired' = event.data.outcome;
      return `${wrong}`;
    }
    case PlacementCompleted.type:
    case PlacementTerminated.type:
      return `${event.data.outcome} after ${event.data.endOfPlacement?.hoursLogged ?? 0} h`;
  }
}

describe('typed event unions', () => {
  it('derives each event type from its contract: the type literal and the data of its schema', () => {
    const typeOfHours: Equals<EventOf<typeof RdHoursLogged>['type'], 'rd.participation.hours-logged.v1'> = true;
    const hoursOf: Equals<EventOf<typeof RdHoursLogged>['data']['hours'], number> = true;
    expect([typeOfHours, hoursOf]).toEqual([true, true]);
  });

  it('derives the union of a topic from the contracts on it', () => {
    const outcomeTypes: Equals<
      PlacementOutcomeEvent['type'],
      'talent.placement.started.v1' | 'talent.placement.completed.v1' | 'talent.placement.terminated.v1' | 'talent.placement.hired.v1'
    > = true;
    const secondmentTypes: Equals<
      SecondmentLifecycleEvent['type'],
      | 'secondment.requested.v1'
      | 'secondment.approved.v1'
      | 'secondment.started.v1'
      | 'secondment.completed.v1'
      | 'secondment.cancelled.v1'
      | 'secondment.withdrawn.v1'
    > = true;
    // @ts-expect-error a contract of another topic is not in the outcome union
    const notOnTopic: Equals<Extract<PlacementOutcomeEvent, { type: typeof RdHoursLogged.type }>, EventOf<typeof RdHoursLogged>> = true;
    expect([outcomeTypes, secondmentTypes, notOnTopic]).toEqual([true, true, true]);
  });

  it('type-checks the data given to newCloudEvent against the contract, with no cast', () => {
    const hours = newCloudEvent(RdHoursLogged, { source: SOURCE, data: hoursData });
    // @ts-expect-error hours is a number
    newCloudEvent(RdHoursLogged, { source: SOURCE, data: { ...hoursData, hours: '3' } });
    // @ts-expect-error teacherId is required
    newCloudEvent(RdHoursLogged, { source: SOURCE, data: { ...hoursData, teacherId: undefined } });
    // @ts-expect-error a started placement's data cannot say `hired`
    newCloudEvent(PlacementStarted, { source: SOURCE, data: { ...outcomeData('started'), outcome: 'hired' as const } });

    const hoursLogged: number = hours.data.hours;
    expect(hours.type).toBe('rd.participation.hours-logged.v1');
    expect(hoursLogged).toBe(3);
    expect(new EventRegistry().parse(hours).data).toEqual(hoursData);
  });

  it('type-checks the data of a contract picked from a record (the outcome contracts by outcome)', () => {
    const events = (['started', 'completed', 'terminated', 'hired'] as const).map((outcome) =>
      newCloudEvent(PLACEMENT_OUTCOME_CONTRACTS[outcome], { source: SOURCE, data: outcomeData(outcome) }),
    );
    // @ts-expect-error the data of none of the outcome contracts
    newCloudEvent(PLACEMENT_OUTCOME_CONTRACTS.hired, { source: SOURCE, data: { placementId: 'pl-1' } });
    const typed: PlacementOutcomeEvent[] = events;

    expect(typed.map((event) => event.type)).toEqual(PLACEMENT_OUTCOME_CONTRACT_LIST.map((contract) => contract.type));
    const registry = new EventRegistry();
    for (const event of typed) expect(registry.parse(event).data).toEqual(event.data);
  });

  it('narrows by type: switch on a topic union, isEvent on any event', () => {
    const hired = newCloudEvent(PlacementHired, {
      source: SOURCE,
      data: { ...outcomeData('hired'), outcome: 'hired', hire: { positionTitle: 'Technician', hireDate: '2026-09-01' } },
    });
    const received: CloudEvent = hired;
    // @ts-expect-error an event of unknown type has unknown data
    expect(received.data.outcome).toBe('hired');

    expect(isEvent(PlacementStarted, received)).toBe(false);
    expect(isEvent(PLACEMENT_OUTCOME_CONTRACT_LIST, received)).toBe(true);
    if (!isEvent(PlacementHired, received)) throw new Error('expected a hire');
    const outcome: 'hired' = received.data.outcome;
    expect(outcome).toBe('hired');
    expect(summary(hired)).toBe('hired as Technician');
  });
});
