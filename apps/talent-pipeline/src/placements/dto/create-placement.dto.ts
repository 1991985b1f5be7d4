import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PlacementKind } from '../placement.document';

export class CreatePlacementDto {
  @ApiProperty()
  @IsUUID()
  studentId: string;

  @ApiProperty()
  @IsUUID()
  enterpriseId: string;

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
}
