import { Side } from './ledger';

export interface Period {
  start: string;
  end: string;
}

export class ProjectRuleError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function assertInsidePeriod(date: string, period: Period, field: string, what: string): void {
  if (date < period.start || date > period.end) {
    throw new ProjectRuleError(422, field, `${what} ${date} is outside the project period ${period.start}..${period.end}`);
  }
}

export function assertPeriod(period: Period, field: string): void {
  if (period.end < period.start) throw new ProjectRuleError(400, `${field}.end`, 'must not be before start');
}

/** Revenue shares are basis points and must add up to 100.00 %. */
export function assertRevenueShare(share: { enterpriseBasisPoints: number; schoolBasisPoints: number }): void {
  if (share.enterpriseBasisPoints + share.schoolBasisPoints !== 10_000) {
    throw new ProjectRuleError(400, 'terms.ip.revenueShare', 'enterpriseBasisPoints + schoolBasisPoints must be 10000 (100.00 %)');
  }
}

export type MilestoneStatus = 'planned' | 'delivered' | 'accepted' | 'rejected';

/**
 * The school delivers a milestone; only the enterprise accepts or rejects a delivered one
 * (a rejected milestone can be delivered again). Anyone else is the wrong party.
 */
export function decideMilestone(
  status: MilestoneStatus,
  action: 'deliver' | 'accept' | 'reject',
  actor: Side | 'operator',
): MilestoneStatus {
  if (action === 'deliver') {
    if (actor === 'enterprise') throw new ProjectRuleError(403, 'action', 'the school delivers a milestone, not the enterprise');
    if (status !== 'planned' && status !== 'rejected')
      throw new ProjectRuleError(409, 'action', `a ${status} milestone cannot be delivered`);
    return 'delivered';
  }
  if (actor !== 'enterprise') throw new ProjectRuleError(403, 'action', `only the enterprise may ${action} a milestone`);
  if (status !== 'delivered')
    throw new ProjectRuleError(409, 'action', `only a delivered milestone can be ${action}ed; this one is ${status}`);
  return action === 'accept' ? 'accepted' : 'rejected';
}

/** A change request is decided by the side that did not propose it. */
export function assertChangeDecider(proposedBy: Side, decider: Side | 'operator', status: string): void {
  if (status !== 'proposed') throw new ProjectRuleError(409, 'decision', `the change request is already ${status}`);
  if (decider === proposedBy)
    throw new ProjectRuleError(403, 'decision', `the ${proposedBy} proposed this change; the other side decides it`);
  if (decider === 'operator') throw new ProjectRuleError(403, 'decision', 'a change request is decided by the other side of the project');
}
