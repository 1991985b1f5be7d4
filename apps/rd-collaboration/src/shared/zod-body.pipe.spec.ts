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

  it('answers 400 naming every offending field, including unknown ones', () => {
    try {
      pipe.transform({ budget: { currency: 'eur', amountMinor: 12.5 }, title: 'too long', extra: 1 });
      fail('expected a ProblemException');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).getStatus()).toBe(400);
      expect((error as ProblemException).errors!.map((e) => e.field).sort()).toEqual(
        ['', 'budget.amountMinor', 'budget.currency', 'title'].map((f) => f || 'body'),
      );
    }
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
