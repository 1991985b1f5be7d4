import { z } from 'zod';
import { ProblemException } from './problem.exception';
import { fieldErrorsOf, parseRequest, zodProblem } from './zod-problem';

/** The one naming of invalid fields every service answers with (ADR 0086). */
describe('fieldErrorsOf, zodProblem and parseRequest', () => {
  const Schema = z.strictObject({
    role: z.string().max(5),
    period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
    skills: z.array(z.strictObject({ label: z.string().min(1) })).max(3),
  });
  const good = () => ({ role: 'CNC', period: { from: '2026-03-01', to: '2026-08-31' }, skills: [{ label: 'milling' }] });
  const errorOf = (value: unknown): z.ZodError => {
    const result = Schema.safeParse(value);
    if (result.success) throw new Error('expected the schema to refuse the value');
    return result.error;
  };
  const fieldsOf = (value: unknown, where?: 'body' | 'query') => fieldErrorsOf(errorOf(value), where).map((e) => e.field);
  const thrownBy = (parse: () => unknown): ProblemException => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return error as ProblemException;
    }
    throw new Error('expected a ProblemException');
  };

  it('names a nested field by its plain dotted path, with no body. or query. prefix', () => {
    expect(fieldsOf({ ...good(), period: { from: '2026-03-01', to: 'soon' } })).toEqual(['period.to']);
    expect(fieldsOf({ ...good(), period: { from: '2026-03-01', to: 'soon' } }, 'query')).toEqual(['period.to']);
  });

  it('names an array item by its index', () => {
    expect(fieldsOf({ ...good(), skills: [{ label: 'milling' }, {}, { label: '' }] })).toEqual(['skills.1.label', 'skills.2.label']);
  });

  it('names each unknown key on its own, nested ones with their path', () => {
    const errors = fieldErrorsOf(errorOf({ ...good(), isAdmin: true, tier: 'gold', period: { ...good().period, planet: 'Mars' } }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
        { field: 'tier', message: 'property tier should not exist' },
        { field: 'period.planet', message: 'property planet should not exist' },
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it('labels an issue with the whole value by the part of the request it is, the body by default', () => {
    expect(fieldsOf([good()])).toEqual(['(body)']);
    expect(fieldsOf([good()], 'body')).toEqual(['(body)']);
    expect(fieldsOf('text', 'query')).toEqual(['(query)']);
  });

  it('answers a 400 invalid request naming the fields, with another detail if given', () => {
    const problem = zodProblem(errorOf({ ...good(), extra: 1 }), 'query');
    expect(problem).toBeInstanceOf(ProblemException);
    expect([problem.getStatus(), problem.title, problem.detail]).toEqual([400, 'invalid request', 'one or more fields are invalid']);
    expect(problem.errors).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
    expect(zodProblem(errorOf(null), 'body', 'the body is invalid').detail).toBe('the body is invalid');
  });

  it('parseRequest hands back the parsed value, parses no value as {}, and throws the problem otherwise', () => {
    expect(parseRequest(Schema, good())).toEqual(good());
    expect(parseRequest(z.strictObject({ limit: z.string().optional() }), undefined, 'query')).toEqual({});
    const refused = thrownBy(() =>
      parseRequest(Schema, { ...good(), period: { from: 20260301, to: '2026-08-31' }, a: 1, b: 2 }, 'query', 'the query is invalid'),
    );
    expect([refused.getStatus(), refused.detail]).toEqual([400, 'the query is invalid']);
    expect(refused.errors?.map((e) => e.field).sort()).toEqual(['a', 'b', 'period.from']);
    expect(thrownBy(() => parseRequest(Schema, 42, 'query')).errors?.map((e) => e.field)).toEqual(['(query)']);
    expect(
      thrownBy(() => parseRequest(Schema, null))
        .errors?.map((e) => e.field)
        .sort(),
    ).toEqual(['period', 'role', 'skills']);
  });
});
