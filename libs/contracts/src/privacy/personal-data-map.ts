import { PrivacyService } from './privacy.events';

/**
 * What happens to a stored field when a student is erased (docs/privacy.md is generated from
 * these declarations, kept next to each document type):
 * - `erased`: removed;
 * - `pseudonymised`: replaced (`[erased]`, a pseudonym) or stripped of its free text, the record kept;
 * - `kept`: kept although it relates to the student, for the reason given (law, proof, aggregate reports);
 * - `other-person`: personal data of someone else (staff, teachers, mentors, operators), not touched by a student's erasure;
 * - `not-personal`: no personal data (ids of organisations, statuses, bookkeeping).
 */
export const ERASURE_TREATMENTS = ['erased', 'pseudonymised', 'kept', 'other-person', 'not-personal'] as const;
export type ErasureTreatment = (typeof ERASURE_TREATMENTS)[number];

export interface FieldDeclaration {
  treatment: ErasureTreatment;
  /** What the field holds or why it is kept; required for `kept` and `pseudonymised`. */
  note?: string;
}

/** Fields every aggregate document carries for the outbox and dedupe; never personal. */
type Bookkeeping = 'version' | 'outbox' | 'appliedEvents' | 'heldEvents' | 'outboxPending' | 'outboxLeaseUntil' | 'outboxLeaseOwner';

/** One store of one service: whose data, how long, and every field's treatment on a student's erasure. */
export interface PersonalDataDeclaration {
  service: PrivacyService;
  /** The collection. */
  store: string;
  /** Whose data the records are about. */
  about: string;
  /** How long records stay (the retention rule, or why there is none). */
  retention: string;
  fields: Record<string, FieldDeclaration>;
}

type DeclaredFields<T> = Exclude<keyof T, Bookkeeping>;

/**
 * Declares every top-level field of a document type: the compiler refuses a declaration that
 * misses a field (add a field to the document, and the data map must say what it holds).
 */
export function declarePersonalData<T>(
  declaration: Omit<PersonalDataDeclaration, 'fields'> & { fields: { [K in DeclaredFields<T>]-?: FieldDeclaration } },
): PersonalDataDeclaration {
  return declaration as PersonalDataDeclaration;
}

/**
 * Declares some fields of a document type owned by another team's service: the compiler
 * still refuses a name the type does not have, but does not require every field.
 */
export function declarePersonFields<T>(
  declaration: Omit<PersonalDataDeclaration, 'fields'> & { fields: { [K in DeclaredFields<T>]?: FieldDeclaration } },
): PersonalDataDeclaration {
  return declaration as PersonalDataDeclaration;
}

export const notPersonal: FieldDeclaration = { treatment: 'not-personal' };
export const erased = (note?: string): FieldDeclaration => ({ treatment: 'erased', ...(note ? { note } : {}) });
export const pseudonymised = (note: string): FieldDeclaration => ({ treatment: 'pseudonymised', note });
export const kept = (note: string): FieldDeclaration => ({ treatment: 'kept', note });
export const otherPerson = (note: string): FieldDeclaration => ({ treatment: 'other-person', note });
