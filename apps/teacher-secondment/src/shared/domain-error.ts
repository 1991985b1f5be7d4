/**
 * A rule of the domain said no. `status` is the HTTP status the controllers answer with:
 * 409 for a move the current state forbids, 422 for a request that can never be valid for this
 * record, 403 for a party that may not take this step.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    readonly title: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
