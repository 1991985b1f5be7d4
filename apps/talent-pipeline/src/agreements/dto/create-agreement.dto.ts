import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { AGREEMENT_PLACEMENT_KINDS, AGREEMENT_PROGRAMMES, AgreementPlacementKind, AgreementProgramme } from '@app/contracts';
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
  // Every agreement lists placement kinds (at least one), so it always covers placements: a list
  // without `placements` would contradict its own placementKinds.
  programmes: boundedArray(z.enum(AGREEMENT_PROGRAMMES), AGREEMENT_PROGRAMMES.length, 1)
    .refine((programmes) => new Set(programmes).size === programmes.length, 'must not repeat a programme')
    .refine(
      (programmes) => programmes.length === 0 || programmes.includes('placements'),
      "must include 'placements': the agreement lists placementKinds",
    )
    .optional(),
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

  @ApiPropertyOptional({
    enum: AGREEMENT_PROGRAMMES,
    isArray: true,
    example: ['placements', 'secondments', 'rd'],
    description:
      "The programmes the agreement covers: student `placements` (always, of the kinds in placementKinds), teachers' " +
      '`secondments` (host posts in teacher-secondment) and joint `rd` (challenges and projects in rd-collaboration). ' +
      'Omitted: the agreement states none and each service reads it as before the field existed (secondments covered, ' +
      'R&D when the scope names joint R&D).',
  })
  programmes?: AgreementProgramme[];
}
