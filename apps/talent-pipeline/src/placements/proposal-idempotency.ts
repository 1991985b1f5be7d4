import { idempotencyKeyReused, requestFingerprint } from '@app/base';
import { KeyedIdempotentIds } from '../shared/keyed-idempotent-ids';
import { guardianRequiredFor } from './domain/agreement-sign-off';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { PlacementDocument } from './placement.document';

/** Placement ids derived from the operator's Idempotency-Key (ADR 0094). Ids already stored depend on the label and namespace: they must not change. */
export class IdempotentPlacementIds extends KeyedIdempotentIds {
  constructor(secretsKey?: Buffer, previousSecretsKeys: readonly Buffer[] = []) {
    super(
      { label: 'talent-pipeline idempotent placement ids', namespace: '38534993-ff32-4e27-8ccd-d1f70858fc2a' },
      secretsKey,
      previousSecretsKeys,
    );
  }
}

/**
 * A digest of the proposal as the placement stores it, kept on the placement: a retry with the
 * same key is told from another request with it even after the placement moved on. The birth date
 * is not in it, only the guardian flag it decides: the platform does not store birth dates, and a
 * digest over a date and fields it keeps could be worked back to the date.
 */
export function proposalDigestOf(dto: CreatePlacementDto): string {
  const asStored = {
    studentId: dto.studentId,
    enterpriseId: dto.enterpriseId,
    requisitionId: dto.requisitionId ?? null,
    kind: dto.kind,
    role: dto.role,
    startDate: dto.startDate,
    endDate: dto.endDate ?? null,
    guardianRequired: guardianRequiredFor(dto),
  };
  return requestFingerprint(asStored);
}

/** The placement a proposal with this Idempotency-Key stored before answers its retry; the key sent with another proposal is a 422. */
export function proposedBefore(stored: PlacementDocument, digest: string): PlacementDocument {
  if (stored.proposalDigest !== digest) throw idempotencyKeyReused('placement');
  return stored;
}
