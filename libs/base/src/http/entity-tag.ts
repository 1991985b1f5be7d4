import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_DETAILS_SCHEMA } from './openapi';
import { ProblemException } from './problem.exception';

/**
 * A record's version as a strong entity tag (RFC 9110 §8.8.3): the ETag a read answers with, and
 * what a client sends back in If-Match so that its change applies only to the record it read.
 */
export function entityTagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Whether an If-Match header lets a change apply to a record at `version` (RFC 9110 §13.1.1):
 * no header or `*` always; otherwise one of the listed tags must equal the record's under the
 * strong comparison, so a weak tag (`W/"3"`) never matches.
 */
export function ifMatchAllows(ifMatch: string | undefined, version: number): boolean {
  if (ifMatch === undefined || ifMatch.trim() === '*') return true;
  // `*` stands alone (If-Match = "*" / #entity-tag): inside a list it is no tag and matches nothing.
  return ifMatch
    .split(',')
    .map((tag) => tag.trim())
    .includes(entityTagOf(version));
}

/** 412 problem+json, naming the record's current tag, when If-Match does not let the change apply. */
export function assertIfMatch(ifMatch: string | undefined, version: number, what: string): void {
  if (ifMatchAllows(ifMatch, version)) return;
  const current = entityTagOf(version);
  throw new ProblemException(
    412,
    'precondition failed',
    `the ${what} changed since it was read (If-Match ${ifMatch?.slice(0, 100)}); read it again (ETag ${current}) and send the change again`,
    undefined,
    { etag: current },
    // The header too, as on every answer of the record: otherwise Express tags the problem body itself.
    { ETag: current },
  );
}

/** The ETag response header, for `headers` of a documented answer of a record. */
export const ETAG_RESPONSE_HEADER = {
  ETag: { description: "The record's version; send it back in If-Match to change only what you read.", schema: { type: 'string' } },
};

/** Documents a write that takes If-Match: the optional header and its 412. */
export function ApiIfMatch(what: string) {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The ETag of the ${what} as read: the change applies only if the ${what} has not changed since (412 otherwise).`,
    }),
    ApiResponse({
      status: 412,
      description: `If-Match names another version: the ${what} changed since it was read. Nothing changed.`,
      headers: { ETag: { description: `The ${what}'s current version.`, schema: { type: 'string' } } },
      content: {
        'application/problem+json': {
          schema: {
            ...PROBLEM_DETAILS_SCHEMA,
            properties: { ...PROBLEM_DETAILS_SCHEMA.properties, etag: { type: 'string', description: `The ${what}'s current ETag.` } },
          },
        },
      },
    }),
  );
}
