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
  if (ifMatch === undefined) return true;
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  return tags.includes('*') || tags.includes(entityTagOf(version));
}

/** 412 problem+json, naming the record's current tag, when If-Match does not let the change apply. */
export function assertIfMatch(ifMatch: string | undefined, version: number, what: string): void {
  if (ifMatchAllows(ifMatch, version)) return;
  throw new ProblemException(
    412,
    'precondition failed',
    `the ${what} changed since it was read (If-Match ${ifMatch}); read it again (ETag ${entityTagOf(version)}) and send the change again`,
    undefined,
    { etag: entityTagOf(version) },
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
      description: `If-Match names another version: the ${what} changed since it was read. The \`etag\` member is the current one. Nothing changed.`,
      content: { 'application/problem+json': { schema: PROBLEM_DETAILS_SCHEMA } },
    }),
  );
}
