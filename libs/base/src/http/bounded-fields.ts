import { isISO31661Alpha2 } from 'class-validator';
import { z } from 'zod';

/**
 * Upper bounds shared by every service's request schemas, so a field of the same kind has
 * the same limit everywhere. Sized for real content with room to spare, and small enough
 * that a body of many fields stays far below the body limit and a Kafka record.
 */
export const FIELD_LIMITS = {
  /** Identifiers, codes, labels chosen by clients (cohort, scheme ids, external keys). */
  code: 100,
  /** Names and titles of people, organisations, roles, skills. */
  name: 200,
  /** A sentence: a reason, a note. */
  reason: 1_000,
  /** Free text: a scope, a description, a comment. */
  text: 4_000,
  /** URLs and URIs. */
  url: 2_048,
  /** Lists a client sends in one body (skills, ids, filters). */
  list: 100,
} as const;

/** A string of 1..max characters (min 0 allows the empty string). */
export function boundedString(max: number, min = 1): z.ZodString {
  return z.string().min(min).max(max);
}

/** An array of at most max items (at least min). */
export function boundedArray<T extends z.ZodType>(item: T, max: number = FIELD_LIMITS.list, min = 0): z.ZodArray<T> {
  return z.array(item).min(min).max(max);
}

/** A calendar day, YYYY-MM-DD, that exists. */
export const calendarDate = () => z.iso.date({ message: 'must be a calendar date YYYY-MM-DD' });

/** An RFC 3339 date-time with a Z or numeric offset. */
export const isoDateTime = () => z.iso.datetime({ offset: true, message: 'must be an RFC 3339 date-time, e.g. 2026-09-01T08:00:00Z' });

/** A calendar day or an RFC 3339 date-time. */
export const dateOrDateTime = () =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'must be a date YYYY-MM-DD or an RFC 3339 date-time' });

/** A UUID in its textual form (any version), as Nest's ParseUUIDPipe accepts. */
export const uuidString = () => z.guid({ message: 'must be a UUID' });

const UUID = uuidString();

/** Whether a value is a UUID by the rule of uuidString: what ParseUuidParam checks path and query ids with. */
export function isUuid(value: unknown): value is string {
  return UUID.safeParse(value).success;
}

/** An absolute http(s) URL of bounded length. */
export const httpUrl = (max: number = FIELD_LIMITS.url) =>
  z
    .string()
    .max(max)
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL')
    // The OpenAPI document's format; the refinement above is what checks it.
    .meta({ format: 'uri' });

/** An ISO 3166-1 alpha-2 country code (CN, DE). */
export const countryCode = () =>
  z
    .string()
    .regex(/^[A-Za-z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code', abort: true })
    .refine(isISO31661Alpha2, 'must be an ISO 3166-1 alpha-2 country code');
