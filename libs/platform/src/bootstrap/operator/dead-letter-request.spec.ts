import { ProblemException } from '@app/base';
import { ListQuerySchema, parseOrProblem, ReplayRequestSchema } from './dead-letter-request';

/** The dead-letter routes name refused fields as every other route does (ADR 0086). */
describe('parseOrProblem (dead-letter list query and replay body)', () => {
  const refusal = (parse: () => unknown): ProblemException => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return error as ProblemException;
    }
    throw new Error('expected a ProblemException');
  };

  it('names each unknown key on its own, and keeps its detail', () => {
    const refused = refusal(() => parseOrProblem(ListQuerySchema, { limit: '5', topic: 'x', group: 'y' }, 'query'));
    expect([refused.getStatus(), refused.title, refused.detail]).toEqual([400, 'invalid request', 'the query is invalid']);
    expect(refused.errors).toEqual([
      { field: 'topic', message: 'property topic should not exist' },
      { field: 'group', message: 'property group should not exist' },
    ]);
  });

  it('names a nested field by its dotted path and an unknown key inside it by its full path', () => {
    const refused = refusal(() =>
      parseOrProblem(
        ReplayRequestSchema,
        {
          records: [
            { partition: 0, offset: 'x' },
            { partition: 1, offset: '2', topic: 't' },
          ],
        },
        'body',
      ),
    );
    expect(refused.detail).toBe('the body is invalid');
    expect(refused.errors?.map((e) => e.field)).toEqual(['records.0.offset', 'records.1.topic']);
  });

  it('labels a body that is not an object (body)', () => {
    expect(refusal(() => parseOrProblem(ReplayRequestSchema, [], 'body')).errors?.map((e) => e.field)).toEqual(['(body)']);
  });
});
