import { randomUUID } from 'node:crypto';
import { ProblemException } from './problem.exception';
import { ParseIntParam, ParseUuidParam, uuidParamRefused } from './param-pipes';

describe('ParseUuidParam', () => {
  const pipe = new ParseUuidParam();
  const param = { type: 'param' as const, data: 'schoolId' };

  it('passes a UUID of any version through', () => {
    const id = randomUUID();
    expect(pipe.transform(id, param)).toBe(id);
    expect(pipe.transform('00000000-0000-0000-0000-000000000000', param)).toBe('00000000-0000-0000-0000-000000000000');
  });

  it.each(['not-an-id', '', `${randomUUID()}x`, 'AAAAAAAA-0000-0000-0000-00000000000g'])(
    'refuses %j with a 400 naming the parameter',
    (value) => {
      let thrown: unknown;
      try {
        pipe.transform(value, param);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemException);
      expect((thrown as ProblemException).getStatus()).toBe(400);
      expect((thrown as ProblemException).errors).toEqual([{ field: 'schoolId', message: 'must be a UUID' }]);
    },
  );
});

describe('uuidParamRefused', () => {
  it('is the refusal ParseUuidParam answers, naming the field', () => {
    let thrown: unknown;
    try {
      new ParseUuidParam().transform('not-an-id', { type: 'param', data: 'enterpriseId' });
    } catch (error) {
      thrown = error;
    }
    const refused = uuidParamRefused('enterpriseId');
    expect(refused.getStatus()).toBe(400);
    expect(refused.getResponse()).toEqual((thrown as ProblemException).getResponse());
    expect(refused.errors).toEqual([{ field: 'enterpriseId', message: 'must be a UUID' }]);
  });
});

describe('ParseIntParam', () => {
  const pipe = new ParseIntParam();
  const query = { type: 'query' as const, data: 'limit' };

  it('reads a whole number, and passes a default number through', () => {
    expect(pipe.transform('50', query)).toBe(50);
    expect(pipe.transform('-1', query)).toBe(-1);
    expect(pipe.transform(100, query)).toBe(100);
  });

  it.each(['abc', '', '1.5', '1e3', ' 7', '9'.repeat(40)])('refuses %j with a 400 naming the parameter', (value) => {
    expect(() => pipe.transform(value, query)).toThrow(ProblemException);
    try {
      pipe.transform(value, query);
    } catch (error) {
      expect((error as ProblemException).errors).toEqual([{ field: 'limit', message: 'must be a whole number' }]);
    }
  });
});
