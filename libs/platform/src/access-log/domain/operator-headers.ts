import { FieldError, OPERATOR_ID_HEADER, OperatorCaller } from '@app/base';

export { OPERATOR_ID_HEADER };
/** Says why the operator reads the data (why), e.g. a ticket number or a request by the person. */
export const ACCESS_REASON_HEADER = 'X-Access-Reason';

const OPERATOR_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_REASON = 500;

export interface OperatorAccess {
  operatorId: string;
  reason: string;
  /** The id is the operator's own key's (OPERATOR_KEYS); false when it is what the shared token's holder stated. */
  authenticated: boolean;
}

/**
 * Who reads and why: the operator access, or the problems naming each bad header. An operator
 * that called with a key of its own is who the key says (the guard refused a header naming
 * another); one that called with the shared token names itself in the header.
 */
export function operatorAccessOf(
  headers: Record<string, string | string[] | undefined>,
  caller?: OperatorCaller,
): OperatorAccess | FieldError[] {
  const keyHolder = caller?.via === 'operator-key' ? caller.operatorId : undefined;
  const operatorId = keyHolder ?? single(headers[OPERATOR_ID_HEADER.toLowerCase()])?.trim();
  const reason = single(headers[ACCESS_REASON_HEADER.toLowerCase()])?.trim();
  const errors: FieldError[] = [];
  if (!operatorId) errors.push({ field: OPERATOR_ID_HEADER, message: 'required on operator reads of personal data: who is reading' });
  else if (!OPERATOR_ID.test(operatorId)) errors.push({ field: OPERATOR_ID_HEADER, message: '1-200 visible ASCII characters' });
  if (!reason) errors.push({ field: ACCESS_REASON_HEADER, message: 'required on operator reads of personal data: why it is read' });
  else if (reason.length > MAX_REASON) errors.push({ field: ACCESS_REASON_HEADER, message: `at most ${MAX_REASON} characters` });
  return errors.length ? errors : { operatorId: operatorId!, reason: reason!, authenticated: keyHolder !== undefined };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
