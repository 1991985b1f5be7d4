import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { AGREEMENT_STATUSES, AgreementStatus } from '../domain/agreement-lifecycle';

export class ChangeAgreementStatusDto {
  @ApiProperty({ enum: AGREEMENT_STATUSES, description: 'The status to move the agreement to; illegal moves get 409.' })
  @IsIn(AGREEMENT_STATUSES)
  to: AgreementStatus;

  @ApiPropertyOptional({ example: 'signed by both partners on 2026-02-20' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
