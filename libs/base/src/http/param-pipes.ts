import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUuid } from './bounded-fields';
import { ProblemException } from './problem.exception';

/**
 * A path (or query) parameter that must be a UUID. Refused as a 400 problem+json that names the
 * parameter in `errors`, as every other refused field is: Nest's ParseUUIDPipe answers a 400
 * that names none ("Validation failed (uuid is expected)").
 */
@Injectable()
export class ParseUuidParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value;
    throw uuidParamRefused(metadata.data ?? `(${metadata.type})`);
  }
}

/** ParseUuidParam's refusal of the parameter `field`: for a check that runs before the pipe (a guard's). */
export function uuidParamRefused(field: string): ProblemException {
  return refused({ type: 'param', data: field }, 'must be a UUID');
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
