import { randomBytes } from 'node:crypto';
import { isUuid } from '@app/base';
import { IdempotentStudentIds, registrationDigestOf } from './registration-idempotency';

describe('IdempotentStudentIds', () => {
  const key = randomBytes(32);
  const previous = randomBytes(32);

  it('gives a retry the same id, and another scope or key another one', () => {
    const ids = new IdempotentStudentIds(key);
    const [id] = ids.candidates('school:a', 'R-777');
    expect(isUuid(id)).toBe(true);
    expect(ids.candidates('school:a', 'R-777')).toEqual([id]);
    expect(ids.candidates('school:b', 'R-777')[0]).not.toBe(id);
    expect(ids.candidates('school:a', 'R-778')[0]).not.toBe(id);
  });

  it('gives the ids it gave before (stored students depend on them)', () => {
    expect(new IdempotentStudentIds(Buffer.alloc(32, 7), [Buffer.alloc(32, 8)]).candidates('school:a', 'R-777')).toEqual([
      '113b34fc-51cc-41c7-956f-bfbc4f650a69',
      '92987a70-b2e5-484a-8ed7-b939b223daab',
    ]);
    expect(new IdempotentStudentIds().candidates('operator', 'R-777')).toEqual(['8465637d-4fc8-5109-a3d8-b175d81186c3']);
  });

  it('cannot be worked out without the secrets key, and finds ids made under a previous key', () => {
    const before = new IdempotentStudentIds(previous).candidates('school:a', 'R-777')[0];
    const rotated = new IdempotentStudentIds(key, [previous]).candidates('school:a', 'R-777');
    expect(rotated).toHaveLength(2);
    expect(rotated[1]).toBe(before);
    expect(rotated[0]).not.toBe(before);
    expect(new IdempotentStudentIds().candidates('school:a', 'R-777')[0]).not.toBe(rotated[0]);
  });
});

describe('registrationDigestOf', () => {
  it('tells requests apart by any field', () => {
    const request = { schoolId: 's', givenName: 'Li', familyName: 'Wei' };
    expect(registrationDigestOf(request)).toBe(registrationDigestOf({ ...request }));
    expect(registrationDigestOf({ ...request, givenName: 'Mei' })).not.toBe(registrationDigestOf(request));
  });
});
