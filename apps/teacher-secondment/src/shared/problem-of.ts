import { ProblemException } from '@app/base';
import { DomainError } from './domain-error';

/** Runs a domain decision; a refusal becomes its problem+json (status, title, the field at fault). */
export function decideOrProblem<T>(decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    if (error instanceof DomainError) {
      const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
      throw new ProblemException(error.status, error.title, error.message, errors);
    }
    throw error;
  }
}
