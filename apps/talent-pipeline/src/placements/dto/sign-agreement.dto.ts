import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { AGREEMENT_PARTIES, AgreementParty } from '../domain/agreement-sign-off';

export class SignAgreementDto {
  @ApiProperty({ enum: AGREEMENT_PARTIES, description: 'guardian only when the placement requires one (student is a minor).' })
  @IsIn(AGREEMENT_PARTIES)
  party: AgreementParty;

  @ApiProperty({ example: 'Wang Fang, head of internships', description: 'Who signed for the party.' })
  @IsString()
  @Length(1, 200)
  signedBy: string;

  @ApiPropertyOptional({ example: '2026-02-20T09:30:00Z', description: 'When it was signed; defaults to now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  signedAt?: string;
}
