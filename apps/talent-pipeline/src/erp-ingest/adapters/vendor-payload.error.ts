import { z } from 'zod';
import { FieldError } from '@app/base';

/** A vendor payload that cannot be mapped; `errors` name the vendor's own fields. */
export class VendorPayloadError extends Error {
  constructor(
    readonly vendor: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid ${vendor} payload: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

/** Parses with zod and reports issues under the vendor's field paths (e.g. `EmpJob.startDate`). */
export function parseVendorPayload<T extends z.ZodType>(vendor: string, schema: T, payload: unknown): z.infer<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw new VendorPayloadError(
    vendor,
    result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message })),
  );
}
