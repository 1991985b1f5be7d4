import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, countryCode, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { DEFAULT_TIME_ZONE, knownTimeZone } from '../domain/time-zone';

/**
 * Where the enterprise's days begin for its ERP's scheduled starts and ends (ADR 0079): an IANA
 * name, stored as Intl spells it. One schema for registration and for a change of zone.
 */
export const TimeZoneSchema = z
  .string()
  .max(FIELD_LIMITS.code)
  .refine((name) => knownTimeZone(name) !== undefined, { message: 'not an IANA time zone, e.g. Asia/Shanghai or Europe/Berlin' })
  .transform((name) => knownTimeZone(name)!);

export const RegisterEnterpriseSchema = z.strictObject({
  name: boundedString(FIELD_LIMITS.name),
  country: countryCode(),
  industry: boundedString(FIELD_LIMITS.code).optional(),
  timeZone: TimeZoneSchema.optional(),
});

@ValidatedBy(RegisterEnterpriseSchema)
export class RegisterEnterpriseDto {
  @ApiProperty({ example: 'Precision Motors Ltd.' })
  name: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiPropertyOptional({ example: 'manufacturing' })
  industry?: string;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    default: DEFAULT_TIME_ZONE,
    description:
      "The enterprise's IANA time zone: its ERP's first and last days are days there, so a scheduled start or end " +
      'becomes due at midnight in this zone. Default UTC. An unknown zone (or a bare offset such as +08:00) is a 400 naming `timeZone`.',
  })
  timeZone?: string;
}
