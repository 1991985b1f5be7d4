import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AGREEMENT_PLACEMENT_KINDS, AgreementPlacementKind } from '@app/contracts';
import { AgreementPeriodDto } from './agreement-period.dto';

export class CreateAgreementDto {
  @ApiProperty({ description: 'A registered school.' })
  @IsUUID()
  schoolId: string;

  @ApiProperty({ description: 'A registered enterprise.' })
  @IsUUID()
  enterpriseId: string;

  @ApiProperty({ example: 'Internships and apprenticeships in CNC machining for the mechatronics programme.' })
  @IsString()
  @Length(1, 2000)
  scope: string;

  @ApiProperty({ type: AgreementPeriodDto })
  @ValidateNested()
  @Type(() => AgreementPeriodDto)
  period: AgreementPeriodDto;

  @ApiProperty({ enum: AGREEMENT_PLACEMENT_KINDS, isArray: true, example: ['internship', 'apprenticeship'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(AGREEMENT_PLACEMENT_KINDS, { each: true })
  placementKinds: AgreementPlacementKind[];
}
