import { Body, Controller, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { ApiInvalidRequest, ApiProblem, EnterpriseOrOperatorAuth } from '../shared/api-docs';
import { ChangeTimeZoneDto } from './dto/change-time-zone.dto';
import { EnterpriseOrOperatorGuard } from './enterprise-or-operator.guard';
import { EnterpriseTimeZoneSchema } from './partner.response';
import { PartnersService } from './partners.service';

/**
 * The enterprise's time zone, set at registration, changed here by the enterprise or the operator
 * (ADR 0079's addendum "an enterprise changes its time zone"). The answer names zones only.
 */
@ApiTags('partners')
@EnterpriseOrOperatorAuth()
@UseGuards(EnterpriseOrOperatorGuard)
@Controller('v1/enterprises/:enterpriseId/time-zone')
export class EnterpriseTimeZoneController {
  constructor(private readonly partners: PartnersService) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: "Change the enterprise's IANA time zone (the enterprise, or the operator).",
    description:
      "Where the enterprise's days begin for its ERP's first and last days (ADR 0079): from now on \"today\" for its ERP's " +
      'starts and ends is the day in the new zone. Starts and ends already scheduled keep their day (`dueOn`, the ' +
      "placement's `scheduledStart` / `scheduledEnd`) and are applied at midnight of that day in the new zone. Validated " +
      'as at registration. Publishes nothing (partner events do not carry the zone).',
  })
  @ApiOkResponse({
    description: '{enterpriseId, timeZone, previousTimeZone, changedAt}: the zone now and the one it replaced.',
    schema: openApiSchemaOf(EnterpriseTimeZoneSchema),
  })
  @ApiInvalidRequest('`enterpriseId` is not a UUID, or `timeZone` is missing or not an IANA time zone (a bare offset such as +08:00).')
  @ApiProblem(404, 'No enterprise with this id (the operator; an enterprise key reaches only its own).')
  changeTimeZone(@Param('enterpriseId', ParseUuidParam) enterpriseId: string, @Body() dto: ChangeTimeZoneDto) {
    return this.partners.changeTimeZone(enterpriseId, dto);
  }
}
