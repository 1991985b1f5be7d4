import Ajv from 'ajv-draft-04';
import { z } from 'zod';
import { openApiSchemaOf } from './openapi';

describe('openApiSchemaOf', () => {
  const schema = openApiSchemaOf(z.object({ status: z.enum(['open', 'closed']).nullable(), kind: z.enum(['a', 'b']) }));
  const validate = new Ajv({ strict: false }).compile(schema as object);

  it('lists null in a nullable enum (OpenAPI 3.0.3), and only there', () => {
    expect(schema).toMatchObject({
      properties: { status: { nullable: true, enum: ['open', 'closed', null] }, kind: { enum: ['a', 'b'] } },
    });
  });

  it('so that a validator accepts null where the schema is nullable, and nothing else new', () => {
    expect(validate({ status: null, kind: 'a' })).toBe(true);
    expect(validate({ status: 'open', kind: 'b' })).toBe(true);
    expect(validate({ status: 'other', kind: 'a' })).toBe(false);
    expect(validate({ status: 'open', kind: null })).toBe(false);
  });
});
