import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { CONSENT_GRANTORS, CONSENT_PURPOSES, ConsentGrantor, ConsentPurpose } from '../domain/consent-purpose';

export class GrantConsentDto {
  @ApiProperty({ description: 'The enterprise the consent is given to (one consent per enterprise).' })
  @IsUUID()
  enterpriseId: string;

  @ApiProperty({
    enum: CONSENT_PURPOSES,
    description:
      '`matching`: may be ranked for its demand; `placement`: may be placed there; `data-sharing-with-enterprise`: the enterprise may read the profile.',
  })
  @IsIn(CONSENT_PURPOSES)
  purpose: ConsentPurpose;

  @ApiProperty({ enum: CONSENT_GRANTORS, description: '`guardian` when the student is a minor.' })
  @IsIn(CONSENT_GRANTORS)
  grantedBy: ConsentGrantor;

  @ApiPropertyOptional({ example: '2027-07-31T23:59:59Z', description: 'When the consent lapses by itself; must be in the future.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
