import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ResolveReviewItemDto {
  @ApiPropertyOptional({ description: 'The placement the ERP event is about (give this or studentId).', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  placementId?: string;

  @ApiPropertyOptional({
    description: "The student the ERP event is about: the student's hireable placement at the event's enterprise is used.",
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID()
  studentId?: string;
}
