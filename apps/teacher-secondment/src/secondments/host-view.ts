import { SecondmentStatus } from '@app/contracts';
import { SecondmentView } from './secondment.response';

/** After these a host no longer needs the teacher's record to host them. */
const FINISHED: readonly SecondmentStatus[] = ['completed', 'cancelled', 'withdrawn'];

export function isFinished(status: SecondmentStatus): boolean {
  return FINISHED.includes(status);
}

/**
 * A finished secondment as its host sees it while the teacher objects (ADR 0077): who, where,
 * when, its status and approvals and the hours the host countersigned stay; the teacher's logs,
 * the evaluation, the deliverables and why it ended do not.
 */
export function withheldFromHost(view: SecondmentView): SecondmentView {
  return { ...view, logs: [], evaluation: null, deliverables: [], reason: null, redacted: true };
}
