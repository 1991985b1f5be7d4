import { FieldError } from '@app/base';

/** Names the operator's identity on every operator read of personal data (who). */
export const OPERATOR_ID_HEADER = 'X-Operator-Id';
/** Says why the operator reads the data (why), e.g. a ticket number or a request by the person. */
export const ACCESS_REASON_HEADER = 'X-Access-Reason';

const OPERATOR_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_REASON = 500;

export interface OperatorAccess {
  operatorId: string;
  reason: string;
}

/** The two headers checked: the operator access, or the problems naming each bad header. */
export function operatorAccessOf(headers: Record<string, string | string[] | undefined>): OperatorAccess | FieldError[] {
  const operatorId = single(headers[OPERATOR_ID_HEADER.toLowerCase()])?.trim();
  const reason = single(headers[ACCESS_REASON_HEADER.toLowerCase()])?.trim();
  const errors: FieldError[] = [];
  if (!operatorId) errors.push({ field: OPERATOR_ID_HEADER, message: 'required on operator reads of personal data: who is reading' });
  else if (!OPERATOR_ID.test(operatorId)) errors.push({ field: OPERATOR_ID_HEADER, message: '1-200 visible ASCII characters' });
  if (!reason) errors.push({ field: ACCESS_REASON_HEADER, message: 'required on operator reads of personal data: why it is read' });
  else if (reason.length > MAX_REASON) errors.push({ field: ACCESS_REASON_HEADER, message: `at most ${MAX_REASON} characters` });
  return errors.length ? errors : { operatorId: operatorId!, reason: reason! };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
