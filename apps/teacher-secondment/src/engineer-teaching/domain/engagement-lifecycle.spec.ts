import { DomainError } from '../../shared/domain-error';
import { dispute, signOff } from './engagement-lifecycle';

describe('engineer teaching engagement', () => {
  it('is signed off or disputed once, from reported', () => {
    expect(signOff('reported')).toEqual({ status: 'signed-off' });
    expect(dispute('reported')).toEqual({ status: 'disputed' });
    for (const status of ['signed-off', 'disputed'] as const) {
      expect(() => signOff(status)).toThrow(DomainError);
      expect(() => dispute(status)).toThrow(DomainError);
    }
  });
});
