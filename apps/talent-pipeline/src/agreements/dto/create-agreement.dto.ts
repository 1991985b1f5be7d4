import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { AGREEMENT_PLACEMENT_KINDS, AgreementPlacementKind } from '@app/contracts';
import { boundedArray, boundedString, uuidString, ValidatedBy } from '@app/base';
import { AgreementPeriodDto, AgreementPeriodSchema } from './agreement-period.dto';

export const CreateAgreementSchema = z.strictObject({
  schoolId: uuidString(),
  enterpriseId: uuidString(),
  scope: boundedString(2000),
  period: AgreementPeriodSchema,
  placementKinds: boundedArray(z.enum(AGREEMENT_PLACEMENT_KINDS), AGREEMENT_PLACEMENT_KINDS.length, 1).refine(
    (kinds) => new Set(kinds).size === kinds.length,
    'must not repeat a kind',
  ),
});

@ValidatedBy(CreateAgreementSchema)
export class CreateAgreementDto {
  @ApiProperty({ description: 'A registered school.', format: 'uuid' })
  schoolId: string;

  @ApiProperty({ description: 'A registered enterprise.', format: 'uuid' })
  enterpriseId: string;

  @ApiProperty({ example: 'Internships and apprenticeships in CNC machining for the mechatronics programme.' })
  scope: string;

  @ApiProperty({ type: AgreementPeriodDto })
  period: AgreementPeriodDto;

  @ApiProperty({ enum: AGREEMENT_PLACEMENT_KINDS, isArray: true, example: ['internship', 'apprenticeship'] })
  placementKinds: AgreementPlacementKind[];
}
