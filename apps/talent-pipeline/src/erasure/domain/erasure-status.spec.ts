import { erasureStatus } from './erasure-status';

const all = ['talent-pipeline', 'teacher-secondment', 'rd-collaboration'];

describe('erasureStatus', () => {
  it('stays pending until every service confirmed', () => {
    expect(erasureStatus(['talent-pipeline', 'rd-collaboration'], [])).toBe('pending');
    expect(erasureStatus(all, [])).toBe('completed');
  });

  it('stays pending while the recipients are unknown or a notice is still being tried', () => {
    expect(erasureStatus(all, undefined)).toBe('pending');
    expect(erasureStatus(all, [{ status: 'delivered' }, { status: 'pending' }])).toBe('pending');
  });

  it('completes with failures when a recipient exhausted the retry budget', () => {
    expect(erasureStatus(all, [{ status: 'delivered' }, { status: 'failed' }])).toBe('completed-with-failures');
    expect(erasureStatus(all, [{ status: 'delivered' }])).toBe('completed');
  });
});
