import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { boundedString, dateOrDateTime, FIELD_LIMITS, ValidatedBy } from '@app/base';
import { AGREEMENT_PARTIES, AgreementParty } from '../domain/agreement-sign-off';

export const SignAgreementSchema = z.strictObject({
  party: z.enum(AGREEMENT_PARTIES),
  signedBy: boundedString(FIELD_LIMITS.name),
  signedAt: dateOrDateTime().optional(),
});

@ValidatedBy(SignAgreementSchema)
export class SignAgreementDto {
  @ApiProperty({ enum: AGREEMENT_PARTIES, description: 'guardian only when the placement requires one (student is a minor).' })
  party: AgreementParty;

  @ApiProperty({ example: 'Wang Fang, head of internships', description: 'Who signed for the party.' })
  signedBy: string;

  @ApiPropertyOptional({
    example: '2026-02-20T09:30:00Z',
    description:
      'When it was signed; defaults to now. A timestamp may be at most 5 minutes ahead of the clock; a date (YYYY-MM-DD) is taken once ' +
      'that day has begun in any time zone (UTC+14) and is stored as midnight UTC of that day.',
  })
  signedAt?: string;
}
