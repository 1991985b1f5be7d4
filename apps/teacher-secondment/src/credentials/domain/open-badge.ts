import { DoubleQualifiedTier } from '@app/contracts';
import { TierCriteria } from '../../compliance/domain/rule-set';
import { OpenBadgeCredential } from '../credential.response';
import { OB3_CONTEXT, VC_CONTEXT } from './vc-context';

export interface BadgeInput {
  credentialId: string;
  issuer: { id: string; name: string; url: string };
  teacher: { id: string; displayName: string };
  tier: DoubleQualifiedTier;
  criteria: TierCriteria;
  validFrom: string;
  evidence: { id: string; name: string; narrative: string }[];
  status: { listUrl: string; index: number };
}

const TIER_NAMES: Record<DoubleQualifiedTier, string> = { junior: 'Junior', intermediate: 'Intermediate', senior: 'Senior' };

/** The criteria as a sentence, so a verifier who never saw the rule set reads what was met. */
export function criteriaNarrative(c: TierCriteria): string {
  const parts = [
    'compliant with the enterprise-practice rule in force',
    `at least ${c.minCreditedDays} credited practice days in the rolling window`,
    `${c.minCompletedSecondments} completed enterprise secondment(s)`,
    `${c.minYearsTeaching} year(s) of teaching`,
  ];
  if (c.minDeliverables)
    parts.push(
      `${c.minDeliverables} deliverable(s)${c.requiredDeliverableKinds.length ? ` including ${c.requiredDeliverableKinds.join(', ')}` : ''}`,
    );
  if (c.minMentorScore !== null) parts.push(`an average mentor evaluation of at least ${c.minMentorScore}/5`);
  return `${parts.join('; ')}.`;
}

/**
 * An Open Badges 3.0 OpenBadgeCredential (a W3C Verifiable Credential, data model 2.0) for a
 * double-qualified tier. Its evidence is the secondment record(s); its credentialStatus an
 * entry of the issuer's Bitstring Status List, set when the tier lapses. Its type is the
 * documented schema's (credential.response.ts), so what is signed and what is documented cannot drift apart.
 */
export function openBadgeCredential(input: BadgeInput): OpenBadgeCredential {
  const name = `Double-qualified teacher (${TIER_NAMES[input.tier]})`;
  return {
    '@context': [VC_CONTEXT, OB3_CONTEXT],
    id: `urn:uuid:${input.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, url: input.issuer.url },
    validFrom: input.validFrom,
    credentialSubject: {
      id: `urn:uuid:${input.teacher.id}`,
      type: ['AchievementSubject'],
      name: input.teacher.displayName,
      achievement: {
        id: `${input.issuer.url}/achievements/double-qualified-teacher/${input.tier}`,
        type: ['Achievement'],
        achievementType: 'Certification',
        name,
        description: `A vocational teacher qualified both to teach and in enterprise practice (双师型教师), ${input.tier} tier.`,
        criteria: { narrative: criteriaNarrative(input.criteria) },
      },
    },
    evidence: input.evidence.map((e) => ({ id: e.id, type: ['Evidence'], name: e.name, narrative: e.narrative })),
    credentialStatus: {
      id: `${input.status.listUrl}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listUrl,
    },
  };
}
