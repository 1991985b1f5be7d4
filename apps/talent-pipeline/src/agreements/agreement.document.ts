import { IdempotentOrigin } from '@app/base';
import { AgreementPlacementKind, AgreementProgramme } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';
import { AgreementStatus } from './domain/agreement-lifecycle';

/** A cooperation agreement between one school and one enterprise. */
export interface AgreementDocument extends AggregateDocument {
  schoolId: string;
  enterpriseId: string;
  /** What the cooperation covers, in the partners' own words. */
  scope: string;
  /** Calendar dates (YYYY-MM-DD), both included. */
  period: { from: string; to: string };
  placementKinds: AgreementPlacementKind[];
  /** The programmes the agreement covers, when the operator stated them; absent on agreements recorded without (ADR 0023, 0027). */
  programmes?: AgreementProgramme[];
  status: AgreementStatus;
  history: { status: AgreementStatus; at: Date; reason?: string }[];
  createdAt: Date;
  /** Recorded with an Idempotency-Key only: the request's fingerprint, telling its retry from another request (ADR 0094). */
  idempotency?: IdempotentOrigin;
}
