import { request as expressRequest, Request, Response } from 'express';
import { negotiateCsv } from './content-negotiation';

/** A real Express request (its `accepts`) with only the Accept header set, and a response that records `vary`. */
function exchange(accept: string | undefined): { req: Request; res: Response; varied: string[] } {
  const req = Object.create(expressRequest) as Request;
  req.headers = accept === undefined ? {} : { accept };
  const varied: string[] = [];
  const res = { vary: (field: string) => varied.push(field) } as unknown as Response;
  return { req, res, varied };
}

function csv(format: string | undefined, accept: string | undefined): boolean {
  const { req, res } = exchange(accept);
  return negotiateCsv(req, res, format);
}

describe('negotiateCsv', () => {
  it('follows ?format first, then Accept', () => {
    expect(csv('csv', 'application/json')).toBe(true);
    expect(csv('json', 'text/csv')).toBe(false);
    expect(csv(undefined, 'text/csv')).toBe(true);
    expect(csv(undefined, 'text/csv, application/json')).toBe(true);
    expect(csv(undefined, 'application/json, text/csv')).toBe(false);
    expect(csv(undefined, 'application/json;q=0.5, text/csv')).toBe(true);
    expect(csv(undefined, '*/*')).toBe(false);
    expect(csv(undefined, 'text/*')).toBe(false);
    expect(csv(undefined, 'text/csv;q=0, */*')).toBe(false);
    expect(csv(undefined, '')).toBe(false);
    expect(csv(undefined, undefined)).toBe(false);
  });

  it('answers CSV only where both former rules did (the stricter of the two)', () => {
    // Express ranks the more specific text/csv first; by order, the wildcard comes first: JSON.
    expect(csv(undefined, '*/*, text/csv')).toBe(false);
    // Express takes application/json's own q (0.1); by q, application/* (1) comes first: JSON.
    expect(csv(undefined, 'application/*, application/json;q=0.1, text/csv;q=0.5')).toBe(false);
    // A parameter Express cannot match to text/csv: JSON.
    expect(csv(undefined, 'text/csv;charset=utf-8')).toBe(false);
    // Media types are case-insensitive (RFC 9110).
    expect(csv(undefined, 'TEXT/CSV')).toBe(true);
  });

  it('marks every answer Vary: Accept, also when ?format decides', () => {
    for (const format of ['csv', 'json', undefined]) {
      const { req, res, varied } = exchange('text/csv');
      negotiateCsv(req, res, format);
      expect(varied).toEqual(['Accept']);
    }
  });
});
