import fc from 'fast-check';
import { z } from 'zod';
import { ProblemException } from '@app/base';
import { IdParam } from './id-param.pipe';
import { MoneySchema } from './money';
import { ZodPipe } from './zod-body.pipe';

describe('request parsing', () => {
  const pipe = new ZodPipe(z.strictObject({ budget: MoneySchema, title: z.string().max(5) }));

  it('returns the parsed value when valid', () => {
    expect(pipe.transform({ budget: { currency: 'EUR', amountMinor: 1250 }, title: 'ok' })).toEqual({
      budget: { currency: 'EUR', amountMinor: 1250 },
      title: 'ok',
    });
  });

  const refusal = (value: unknown, type?: 'body' | 'query'): ProblemException => {
    try {
      pipe.transform(value, type && { type });
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return error as ProblemException;
    }
    throw new Error('expected a ProblemException');
  };

  it('answers 400 naming every offending field by its plain path, each unknown key on its own (ADR 0086)', () => {
    const refused = refusal({ budget: { currency: 'eur', amountMinor: 12.5, cents: 1 }, title: 'too long', extra: 1, more: 2 });
    expect([refused.getStatus(), refused.title, refused.detail]).toEqual([400, 'invalid request', 'one or more fields are invalid']);
    expect(refused.errors!.map((e) => e.field).sort()).toEqual([
      'budget.amountMinor',
      'budget.cents',
      'budget.currency',
      'extra',
      'more',
      'title',
    ]);
    expect(refused.errors).toEqual(expect.arrayContaining([{ field: 'extra', message: 'property extra should not exist' }]));
  });

  it('names the whole body (body) or query (query) when it is not an object', () => {
    expect(refusal([]).errors).toEqual([expect.objectContaining({ field: '(body)' })]);
    expect(refusal('text', 'body').errors).toEqual([expect.objectContaining({ field: '(body)' })]);
    expect(refusal('text', 'query').errors).toEqual([expect.objectContaining({ field: '(query)' })]);
  });

  it('never lets anything through that is not a valid body, and never throws anything but a 400 (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          const parsed = pipe.transform(value);
          return Number.isInteger(parsed.budget.amountMinor) && /^[A-Z]{3}$/.test(parsed.budget.currency);
        } catch (error) {
          return error instanceof ProblemException && error.getStatus() === 400;
        }
      }),
    );
  });

  it('bounds path ids', () => {
    expect(IdParam.transform('3f1c-ab_9.x:y', { data: 'id' })).toBe('3f1c-ab_9.x:y');
    for (const bad of ['', 'x'.repeat(101), 'a b', '../etc', '$where', 'é']) {
      expect(() => IdParam.transform(bad, { data: 'projectId' })).toThrow(ProblemException);
    }
  });
});
