import { PipeTransform } from '@nestjs/common';
import { ProblemException } from '@app/base';

const ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Path ids are bounded and plain before they reach a query: 400 naming the parameter otherwise. */
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (typeof value === 'string' && ID.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ProblemException(400, 'invalid request', `${field} is not a valid id`, [
      { field, message: 'must be 1-100 characters of A-Z a-z 0-9 _ . : -' },
    ]);
  }
}

export const IdParam = new IdParamPipe();
