import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Length, Min, ValidateNested } from 'class-validator';
import { z } from 'zod';
import { boundedArray, boundedString, calendarDate } from './bounded-fields';
import { ProblemException } from './problem.exception';
import { validatingSchemaOf, ValidatedBy } from './validated-by';
import { createValidationPipe } from './validation.pipe';

class AddressDto {
  @IsString()
  @IsNotEmpty()
  city: string;

  @Length(2, 2)
  country: string;
}

class RegisterSchoolDto {
  @IsString()
  @IsNotEmpty()
  name: string;

  @IsInt()
  @Min(1)
  seats: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

const valid = () => ({ name: 'Berufsschule Nord', seats: 30, address: { city: 'Hamburg', country: 'DE' } });

async function problemOf(body: unknown): Promise<ProblemException> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: RegisterSchoolDto });
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return error as ProblemException;
  }
  throw new Error('expected the pipe to reject the body');
}

describe('createValidationPipe', () => {
  it('passes a valid body through as an instance of the DTO', async () => {
    const result = await createValidationPipe().transform(valid(), { type: 'body', metatype: RegisterSchoolDto });
    expect(result).toBeInstanceOf(RegisterSchoolDto);
    expect(result.address).toBeInstanceOf(AddressDto);
    expect(result).toEqual(valid());
  });

  it('answers an invalid body with a 400 problem', async () => {
    const problem = await problemOf({ ...valid(), seats: 0 });
    expect(problem.getStatus()).toBe(400);
    expect(problem.title).toBe('invalid request');
    expect(problem.detail).toBe('one or more fields are invalid');
  });

  it('names a top-level field with its message', async () => {
    const problem = await problemOf({ ...valid(), seats: 0 });
    expect(problem.errors).toEqual([{ field: 'seats', message: 'seats must not be less than 1' }]);
  });

  it('flattens nested field errors to parent.child paths', async () => {
    const problem = await problemOf({ ...valid(), address: { city: '', country: 'DEU' } });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'address.city', message: 'city should not be empty' },
        { field: 'address.country', message: 'country must be shorter than or equal to 2 characters' },
      ]),
    );
    expect(problem.errors).toHaveLength(2);
  });

  it('lists every message for a field that breaks several rules', async () => {
    const problem = await problemOf({ ...valid(), seats: 'many' });
    expect(problem.errors?.map((e) => e.field)).toEqual(['seats', 'seats']);
    expect(problem.errors?.map((e) => e.message).sort()).toEqual(['seats must be an integer number', 'seats must not be less than 1']);
  });

  it('rejects unknown top-level fields by name', async () => {
    const problem = await problemOf({ ...valid(), isAdmin: true });
    expect(problem.errors).toEqual([{ field: 'isAdmin', message: 'property isAdmin should not exist' }]);
  });

  it('rejects unknown nested fields with their full path', async () => {
    const problem = await problemOf({ ...valid(), address: { ...valid().address, planet: 'Mars' } });
    expect(problem.errors).toEqual([{ field: 'address.planet', message: 'property planet should not exist' }]);
  });
});

describe('createValidationPipe with a @ValidatedBy class', () => {
  const PeriodSchema = z.strictObject({ from: calendarDate(), to: calendarDate() });
  const OpenSchema = z.strictObject({
    role: boundedString(5),
    skills: boundedArray(z.strictObject({ label: boundedString(10) }), 2),
    period: PeriodSchema,
  });
  @ValidatedBy(OpenSchema)
  class OpenDto {}
  class ChildWithoutOwnSchema extends OpenDto {}

  const good = () => ({ role: 'CNC', skills: [{ label: 'milling' }], period: { from: '2026-03-01', to: '2026-08-31' } });
  const zodProblemOf = async (body: unknown): Promise<ProblemException> => {
    try {
      await createValidationPipe().transform(body, { type: 'body', metatype: OpenDto });
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      return error as ProblemException;
    }
    throw new Error('expected the pipe to reject the body');
  };
  const fields = async (body: unknown) => (await zodProblemOf(body)).errors?.map((e) => e.field);

  it('hands the handler the parsed value', async () => {
    await expect(createValidationPipe().transform(good(), { type: 'body', metatype: OpenDto })).resolves.toEqual(good());
  });

  it('names a missing, null or mistyped nested object instead of letting it through', async () => {
    const { period: _omit, ...withoutPeriod } = good();
    expect(await fields(withoutPeriod)).toEqual(['period']);
    expect(await fields({ ...good(), period: null })).toEqual(['period']);
    expect(await fields({ ...good(), period: '2026' })).toEqual(['period']);
    expect(await fields({ ...good(), period: { from: 20260301, to: '2026-08-31' } })).toEqual(['period.from']);
  });

  it('names array items by index and enforces string and array bounds', async () => {
    expect(await fields({ ...good(), skills: [null] })).toEqual(['skills.0']);
    expect(await fields({ ...good(), skills: [{ label: 'x'.repeat(11) }] })).toEqual(['skills.0.label']);
    expect(await fields({ ...good(), skills: [{ label: 'a' }, { label: 'b' }, { label: 'c' }] })).toEqual(['skills']);
    expect(await fields({ ...good(), role: 'too long' })).toEqual(['role']);
  });

  it('names each unknown field, nested ones with their path', async () => {
    const problem = await zodProblemOf({ ...good(), isAdmin: true, period: { ...good().period, planet: 'Mars' } });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
        { field: 'period.planet', message: 'property planet should not exist' },
      ]),
    );
  });

  it('refuses a body that is not an object, and treats a missing body as empty', async () => {
    expect(await fields(null)).toEqual(['(body)']);
    expect(await fields([good()])).toEqual(['(body)']);
    expect((await fields(undefined))?.sort()).toEqual(['period', 'role', 'skills']);
  });

  it('answers 400 invalid request like the class-validator path', async () => {
    const problem = await zodProblemOf({});
    expect(problem.getStatus()).toBe(400);
    expect(problem.title).toBe('invalid request');
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate) instead of storing it altered, naming the field', async () => {
    expect(await fields({ ...good(), skills: [{ label: 'mill\uD800' }] })).toEqual(['skills.0.label']);
    expect(await fields({ ...good(), role: '\uDC00' })).toEqual(['role']);
    // A surrogate pair is one well-formed code point.
    await expect(createValidationPipe().transform({ ...good(), role: '😀' }, { type: 'body', metatype: OpenDto })).resolves.toEqual({
      ...good(),
      role: '😀',
    });
  });

  it('checks what the client sent (body, query, path) and leaves the values of custom decorators alone', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform('ab\uD800', { type: 'param', data: 'id' })).rejects.toMatchObject({
      errors: [{ field: 'id', message: 'text is not well-formed Unicode (a lone UTF-16 surrogate)' }],
    });
    await expect(pipe.transform({ q: '\uDC00' }, { type: 'query' })).rejects.toMatchObject({ errors: [{ field: 'q' }] });
    const cyclic: Record<string, unknown> = { name: '\uD800' };
    cyclic.self = cyclic;
    await expect(pipe.transform(cyclic, { type: 'custom' })).resolves.toBe(cyclic);
  });

  it('refuses a lone surrogate in a class-validator body too', async () => {
    const problem = await problemOf({ ...valid(), address: { city: 'Ham\uD800burg', country: 'DE' } });
    expect(problem.getStatus()).toBe(400);
    expect(problem.errors).toEqual([{ field: 'address.city', message: 'text is not well-formed Unicode (a lone UTF-16 surrogate)' }]);
  });

  it('does not apply a parent class schema to a subclass', () => {
    expect(validatingSchemaOf(OpenDto)).toBe(OpenSchema);
    expect(validatingSchemaOf(ChildWithoutOwnSchema)).toBeUndefined();
  });
});
