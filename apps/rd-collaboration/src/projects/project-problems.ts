import { ProblemException } from '@app/base';
import { LedgerError } from './domain/ledger';
import { ProjectRuleError } from './domain/project-rules';

/** Domain errors become problem+json with the field they are about. */
export function toProblem(error: unknown): unknown {
  if (error instanceof LedgerError)
    return new ProblemException(422, 'unbalanced ledger', error.message, [{ field: error.field, message: error.message }]);
  if (error instanceof ProjectRuleError) {
    const title =
      error.status === 403 ? 'wrong party' : error.status === 404 ? 'not found' : error.status === 409 ? 'conflict' : 'rule violated';
    return new ProblemException(error.status, title, error.message, [{ field: error.field, message: error.message }]);
  }
  return error;
}

export function guard(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    throw toProblem(error);
  }
}

export async function guardAsync<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toProblem(error);
  }
}
