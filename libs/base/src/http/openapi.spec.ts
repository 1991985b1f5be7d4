import Ajv from 'ajv-draft-04';
import { z } from 'zod';
import { openApiSchemaOf, withNonJsonBodiesDocumented } from './openapi';

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

describe('withNonJsonBodiesDocumented', () => {
  const document = () => ({
    paths: {
      '/v1/schools': {
        post: { requestBody: { content: {} }, responses: { '201': { description: 'created' } } },
        get: { responses: { '200': { description: 'the schools' } } },
      },
      '/v1/erp/events': { post: { requestBody: { content: {} }, responses: { '415': { description: 'not CloudEvents' } } } },
    },
  });

  it('adds a problem+json 415 to every operation that reads a body', () => {
    const post = withNonJsonBodiesDocumented(document()).paths['/v1/schools'].post.responses as Record<string, any>;
    expect(post['415'].description).toMatch(/not JSON/);
    expect(Object.keys(post['415'].content)).toEqual(['application/problem+json']);
  });

  it('leaves operations without a body, and a 415 a route documents itself, as they are', () => {
    const documented = withNonJsonBodiesDocumented(document()).paths;
    expect(documented['/v1/schools'].get.responses).not.toHaveProperty('415');
    expect((documented['/v1/erp/events'].post.responses as Record<string, any>)['415'].description).toBe('not CloudEvents');
  });
});
