import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { dateOrDateTime, uuidString, ValidatedBy } from '@app/base';
import { CONSENT_GRANTORS, CONSENT_PURPOSES, ConsentGrantor, ConsentPurpose } from '../domain/consent-purpose';

export const GrantConsentSchema = z.strictObject({
  enterpriseId: uuidString(),
  purpose: z.enum(CONSENT_PURPOSES),
  grantedBy: z.enum(CONSENT_GRANTORS),
  expiresAt: dateOrDateTime().optional(),
});

@ValidatedBy(GrantConsentSchema)
export class GrantConsentDto {
  @ApiProperty({ description: 'The enterprise the consent is given to (one consent per enterprise).', format: 'uuid' })
  enterpriseId: string;

  @ApiProperty({
    enum: CONSENT_PURPOSES,
    description:
      '`matching`: may be ranked for its demand; `placement`: may be placed there (and the enterprise may read that placement); ' +
      '`data-sharing-with-enterprise`: the enterprise may read the profile; `rd-project`: the enterprise may see the name on R&D project participant lists.',
  })
  purpose: ConsentPurpose;

  @ApiProperty({ enum: CONSENT_GRANTORS, description: '`guardian` when the student is a minor.' })
  grantedBy: ConsentGrantor;

  @ApiPropertyOptional({ example: '2027-07-31T23:59:59Z', description: 'When the consent lapses by itself; must be in the future.' })
  expiresAt?: string;
}
