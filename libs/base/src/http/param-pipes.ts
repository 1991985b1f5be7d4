import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem.exception';

/** A UUID in its textual form, any version: what Nest's ParseUUIDPipe accepts without a version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path (or query) parameter that must be a UUID. Refused as a 400 problem+json that names the
 * parameter in `errors`, as every other refused field is: Nest's ParseUUIDPipe answers a 400
 * that names none ("Validation failed (uuid is expected)").
 */
@Injectable()
export class ParseUuidParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    throw refused(metadata, 'must be a UUID');
  }
}

/**
 * A query (or path) parameter that must be a whole number, e.g. `limit` (after a DefaultValuePipe
 * when optional): refused as a 400 naming the parameter, where Nest's ParseIntPipe names none.
 */
@Injectable()
export class ParseIntParam implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
    throw refused(metadata, 'must be a whole number');
  }
}

function refused(metadata: ArgumentMetadata, message: string): ProblemException {
  return new ProblemException(400, 'invalid request', 'one or more fields are invalid', [
    { field: metadata.data ?? `(${metadata.type})`, message },
  ]);
}
