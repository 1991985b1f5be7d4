import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PlacementKind } from '../placement.document';

export class CreatePlacementDto {
  @ApiProperty()
  @IsUUID()
  studentId: string;

  @ApiProperty()
  @IsUUID()
  enterpriseId: string;

  @ApiPropertyOptional({ description: 'The requisition (enterprise demand) this placement fills; it must be open and of the same kind.' })
  @IsOptional()
  @IsUUID()
  requisitionId?: string;

  @ApiProperty({ enum: ['internship', 'apprenticeship', 'work-study', 'job'] })
  @IsIn(['internship', 'apprenticeship', 'work-study', 'job'])
  kind: PlacementKind;

  @ApiProperty({ example: 'CNC machining intern' })
  @IsString()
  @Length(1, 200)
  role: string;

  @ApiProperty({ example: '2026-03-01' })
  @IsISO8601({ strict: true })
  startDate: string;

  @ApiPropertyOptional({ example: '2026-08-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endDate?: string;

  @ApiPropertyOptional({ description: 'The student is a minor: the guardian, not the student, signs the agreement.' })
  @IsOptional()
  @IsBoolean()
  guardianRequired?: boolean;

  @ApiPropertyOptional({
    example: '2009-05-14',
    description: 'Used only to decide whether a guardian must sign (under 18 on startDate); not stored.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  birthDate?: string;
}
