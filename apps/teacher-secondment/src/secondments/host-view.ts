import { SecondmentStatus } from '@app/contracts';
import { SecondmentView } from './secondment.response';

/** After these a host no longer needs the teacher's record to host them. */
const FINISHED: readonly SecondmentStatus[] = ['completed', 'cancelled', 'withdrawn'];

export function isFinished(status: SecondmentStatus): boolean {
  return FINISHED.includes(status);
}

/**
 * Whether the host is answered with the finished record withheld (ADR 0077): while its teacher
 * objects, and once it ended more than `viewDays` days before `today` (YYYY-MM-DD). A live
 * secondment is never withheld: the host cannot host without it.
 */
export function withheldFromHostOn(
  view: Pick<SecondmentView, 'status' | 'endedOn'>,
  { objecting, today, viewDays }: { objecting: boolean; today: string; viewDays: number },
): boolean {
  if (!isFinished(view.status)) return false;
  return objecting || (view.endedOn !== null && daysBetween(view.endedOn, today) > viewDays);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A finished secondment as its host sees it while the teacher objects, or after the host's
 * view of it ended (ADR 0077): who, where,
 * when, its status and approvals and the hours the host countersigned stay; the teacher's logs,
 * the evaluation, the deliverables and why it ended do not.
 */
export function withheldFromHost(view: SecondmentView): SecondmentView {
  return { ...view, logs: [], evaluation: null, deliverables: [], reason: null, redacted: true };
}
