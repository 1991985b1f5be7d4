import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, ValidatedBy } from '@app/base';
import { CREDENTIAL_ACTIONS, CredentialAction } from '../credential-audit.repository';

const WEEK_SECONDS = 7 * 24 * 3600;

export const RotateCredentialSchema = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(WEEK_SECONDS)
    .default(24 * 3600),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  reason: boundedString(500).optional(),
});

/** A rotation: a new credential now, the old one still accepted for `overlapSeconds`. */
@ValidatedBy(RotateCredentialSchema)
export class RotateCredentialDto {
  @ApiPropertyOptional({ description: 'How long the replaced credential stays valid (0 to 604800 s, default 86400).', example: 86400 })
  overlapSeconds: number;

  @ApiPropertyOptional({ description: 'API keys only: the new key expires after this many days (1-3650; default: no expiry).' })
  expiresInDays?: number;

  @ApiPropertyOptional({ description: 'Why, for the audit log.', maxLength: 500 })
  reason?: string;
}

export const RevokeCredentialSchema = z.strictObject({ reason: boundedString(500) });

@ValidatedBy(RevokeCredentialSchema)
export class RevokeCredentialDto {
  @ApiProperty({ description: 'Why (e.g. leaked in a log), for the audit log.', maxLength: 500 })
  reason: string;
}

export const CredentialAuditQuerySchema = z.strictObject({
  partnerId: z.uuid().optional(),
  action: z.enum(CREDENTIAL_ACTIONS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

@ValidatedBy(CredentialAuditQuerySchema)
export class CredentialAuditQuery {
  @ApiPropertyOptional({ description: 'Only changes to this school or enterprise.' })
  partnerId?: string;

  @ApiPropertyOptional({ enum: CREDENTIAL_ACTIONS })
  action?: CredentialAction;

  @ApiPropertyOptional({ description: '1-500, default 100' })
  limit: number;
}
