import { subscriptionMatches } from './subscription-filter';

const hired = { type: 'talent.placement.hired.v1', data: { programme: 'mechatronics', cohort: '2025' } };

describe('subscriptionMatches', () => {
  it('lets everything through with empty or absent filters', () => {
    expect(subscriptionMatches({ eventTypes: [] }, hired)).toBe(true);
    expect(subscriptionMatches({ eventTypes: [], programmes: [], cohorts: [] }, hired)).toBe(true);
  });

  it('filters on event type', () => {
    expect(subscriptionMatches({ eventTypes: ['talent.placement.hired.v1'] }, hired)).toBe(true);
    expect(subscriptionMatches({ eventTypes: ['talent.placement.completed.v1'] }, hired)).toBe(false);
  });

  it('filters on programme and cohort from the event data', () => {
    expect(subscriptionMatches({ eventTypes: [], programmes: ['mechatronics', 'logistics'] }, hired)).toBe(true);
    expect(subscriptionMatches({ eventTypes: [], programmes: ['logistics'] }, hired)).toBe(false);
    expect(subscriptionMatches({ eventTypes: [], cohorts: ['2025'] }, hired)).toBe(true);
    expect(subscriptionMatches({ eventTypes: [], cohorts: ['2024'] }, hired)).toBe(false);
  });

  it('requires every filter to match', () => {
    const filters = { eventTypes: ['talent.placement.hired.v1'], programmes: ['mechatronics'], cohorts: ['2024'] };
    expect(subscriptionMatches(filters, hired)).toBe(false);
    expect(subscriptionMatches({ ...filters, cohorts: ['2025'] }, hired)).toBe(true);
  });

  it('does not match a programme filter when the event carries no programme', () => {
    expect(subscriptionMatches({ eventTypes: [], programmes: ['mechatronics'] }, { type: hired.type, data: {} })).toBe(false);
  });
});
