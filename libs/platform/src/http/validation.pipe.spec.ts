import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Length, Min, ValidateNested } from 'class-validator';
import { ProblemException } from './problem.exception';
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
