import { DomainError } from '../../shared/domain-error';

export const ENGAGEMENT_STATUSES = ['reported', 'signed-off', 'disputed'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

/** The school signs off what the enterprise reported, once; a disputed report can be corrected by a new one. */
export function signOff(status: EngagementStatus): { status: 'signed-off' } {
  if (status !== 'reported') throw new DomainError(409, 'illegal transition', `cannot sign off an engagement that is ${status}`);
  return { status: 'signed-off' };
}

export function dispute(status: EngagementStatus): { status: 'disputed' } {
  if (status !== 'reported') throw new DomainError(409, 'illegal transition', `cannot dispute an engagement that is ${status}`);
  return { status: 'disputed' };
}
