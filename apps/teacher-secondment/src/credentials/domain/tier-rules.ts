import { DoubleQualifiedTier } from '@app/contracts';
import { TierCriteria } from '../../compliance/domain/rule-set';
import { DeliverableKind } from '../../shared/deliverable-kinds';

/** What the tier criteria are checked against, gathered from compliance and the secondment records. */
export interface TierFacts {
  /** Bound by the practice rule and compliant with it. */
  compliant: boolean;
  applicable: boolean;
  creditedDays: number;
  yearsTeaching: number;
  completedSecondments: number;
  deliverableKinds: readonly DeliverableKind[];
  /** Average mentor evaluation over completed secondments; null when none was evaluated. */
  mentorScore: number | null;
}

const ORDER: readonly DoubleQualifiedTier[] = ['junior', 'intermediate', 'senior'];

/** The criteria of one tier the facts do not meet (empty = met). */
export function unmetCriteria(criteria: TierCriteria, facts: TierFacts): string[] {
  const unmet: string[] = [];
  if (!facts.applicable) unmet.push('not bound by the enterprise-practice rule (not a professional-course teacher)');
  if (!facts.compliant) unmet.push('not compliant with the enterprise-practice rule');
  if (facts.creditedDays < criteria.minCreditedDays) unmet.push(`credited days ${facts.creditedDays} < ${criteria.minCreditedDays}`);
  if (facts.yearsTeaching < criteria.minYearsTeaching) unmet.push(`years teaching ${facts.yearsTeaching} < ${criteria.minYearsTeaching}`);
  if (facts.completedSecondments < criteria.minCompletedSecondments) {
    unmet.push(`completed secondments ${facts.completedSecondments} < ${criteria.minCompletedSecondments}`);
  }
  if (facts.deliverableKinds.length < criteria.minDeliverables)
    unmet.push(`deliverables ${facts.deliverableKinds.length} < ${criteria.minDeliverables}`);
  for (const kind of criteria.requiredDeliverableKinds) {
    if (!facts.deliverableKinds.includes(kind)) unmet.push(`no ${kind} deliverable`);
  }
  if (criteria.minMentorScore !== null && (facts.mentorScore === null || facts.mentorScore < criteria.minMentorScore)) {
    unmet.push(`mentor score ${facts.mentorScore ?? 'none'} < ${criteria.minMentorScore}`);
  }
  return unmet;
}

/** The highest tier whose criteria are all met, or null. Tiers are independent: senior does not need intermediate's record. */
export function highestTierMet(tiers: readonly TierCriteria[], facts: TierFacts): DoubleQualifiedTier | null {
  const met = tiers.filter((criteria) => unmetCriteria(criteria, facts).length === 0).map((criteria) => criteria.tier);
  return [...ORDER].reverse().find((tier) => met.includes(tier)) ?? null;
}

/**
 * What to do with the teacher's credential: keep it, issue one, or revoke the current one
 * (and issue the new tier, if any). One credential is in force per teacher at a time.
 */
export function credentialDecision(
  current: { tier: DoubleQualifiedTier } | null,
  tierMet: DoubleQualifiedTier | null,
  renamed = false,
): { revoke: boolean; issue: DoubleQualifiedTier | null } {
  // A renamed teacher's credential names someone else: it is issued again, at the same tier.
  if (current?.tier === tierMet && !renamed) return { revoke: false, issue: null };
  return { revoke: current !== null, issue: tierMet };
}
