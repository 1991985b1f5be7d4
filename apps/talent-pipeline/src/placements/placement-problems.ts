import { ProblemException } from '@app/base';
import { AgreementNotSignedError, SignatureRefusedError } from './domain/agreement-sign-off';
import { AttendanceRefusedError } from './domain/attendance';
import { EvaluationRefusedError } from './domain/evaluation';
import { IllegalTransitionError } from './domain/placement-lifecycle';

/** Runs a placement operation and turns refusals of the domain rules into 409 problems. */
export async function withPlacementProblems<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw asProblem(error);
  }
}

function asProblem(error: unknown): unknown {
  if (error instanceof IllegalTransitionError) {
    return new ProblemException(409, 'illegal transition', error.message, [{ field: 'to', message: error.message }]);
  }
  if (error instanceof AgreementNotSignedError) {
    return new ProblemException(
      409,
      'agreement not signed',
      error.message,
      error.missing.map((party) => ({ field: `agreement.${party}`, message: 'signature missing' })),
      { missingParties: error.missing },
    );
  }
  if (error instanceof SignatureRefusedError) {
    return new ProblemException(409, 'signature refused', error.message, [{ field: 'party', message: error.message }]);
  }
  if (error instanceof AttendanceRefusedError) {
    return new ProblemException(409, 'attendance refused', error.message);
  }
  if (error instanceof EvaluationRefusedError) {
    return new ProblemException(409, 'evaluation refused', error.message);
  }
  return error;
}
