import { Money } from '../shared/money';

export const CHALLENGE_KINDS = ['product-rd', 'technology-introduction', 'equipment-process-transformation'] as const;
export const CONFIDENTIALITY_LEVELS = ['public', 'confidential'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

export interface RubricCriterion {
  criterionId: string;
  name: string;
  /** Relative weight (positive integer); a criterion's share is weight / sum of weights. */
  weight: number;
}

export interface NdaRecord {
  schoolId: string;
  signedOn: string;
  signedBy: string;
  recordedAt: Date;
  /**
   * Recorded with an Idempotency-Key: the id derived from the challenge, the caller and the key
   * (ADR 0083, addendum), so a retry finds the NDA it recorded. Not shown: the NDA is the school's,
   * one per school, and needs no id of its own.
   */
  idempotentId?: string;
}

export interface ChallengeDocument {
  _id: string;
  enterpriseId: string;
  kind: (typeof CHALLENGE_KINDS)[number];
  title: string;
  /** Shown to every school the challenge is visible to. */
  summary: string;
  /** Shown to a school only once it may see details (public level, or an NDA recorded for it). */
  problem: string;
  constraints: string[];
  budgetRange: { currency: string; minMinor: number; maxMinor: number };
  deadline: string;
  confidentiality: ConfidentialityLevel;
  skillsWanted: string[];
  rubric: RubricCriterion[];
  ndas: NdaRecord[];
  createdAt: Date;
  /**
   * The Idempotency-Key it was created under and the fingerprint of that request (ADR 0083): the
   * id is derived from the caller and the key, so a retry finds it and is told from another request.
   */
  idempotency?: { key: string; fingerprint: string };
}

export type BudgetRange = ChallengeDocument['budgetRange'];
export type { Money };
