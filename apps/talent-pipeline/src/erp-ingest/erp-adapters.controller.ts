import { applyDecorators, Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ErpAdapter } from './adapters/erp-adapter';
import successFactorsSample from './adapters/fixtures/successfactors-hire.json';
import workdaySample from './adapters/fixtures/workday-hire.json';
import { SuccessFactorsHireAdapter } from './adapters/successfactors-hire.adapter';
import { WorkdayHireAdapter } from './adapters/workday-hire.adapter';
import { ErpIngestService } from './erp-ingest.service';

/** The Standard Webhooks headers every ERP request carries. */
const SignedByEnterprise = () =>
  applyDecorators(
    ApiHeader({ name: 'x-enterprise-id', required: true, description: 'The registered enterprise sending the notification.' }),
    ApiHeader({ name: 'webhook-id', required: true }),
    ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds' }),
    ApiHeader({ name: 'webhook-signature', required: true, description: 'v1,<base64 HMAC-SHA256>, Standard Webhooks' }),
  );

/**
 * Vendor-shaped hire notifications, mapped onto the canonical `erp.hire.v1` CloudEvent and
 * then handled exactly like `POST /v1/erp/events` (inbox, dedupe on the vendor's event id,
 * review queue when nothing matches).
 */
@ApiTags('erp')
@Controller('v1/erp/adapters')
export class ErpAdaptersController {
  private readonly successFactors = new SuccessFactorsHireAdapter();
  private readonly workday = new WorkdayHireAdapter();

  constructor(private readonly ingest: ErpIngestService) {}

  @Post('successfactors/events')
  @HttpCode(202)
  @SignedByEnterprise()
  @ApiOperation({
    summary: 'SAP SuccessFactors Employee Central hire notification (EmpJob/PerPerson), signed per Standard Webhooks.',
    description:
      'EmpJob.eventReason must be a hire (HIRNEW, HIRREH). Identifiers become HR Open identifiers sf:personIdExternal and ' +
      'sf:userId (schemeAgencyId successfactors:<companyId>), matched against students.externalIds; EmpJob.customString1 may ' +
      'carry the platform placement id. Dedupe on eventId. 400 names the SuccessFactors field.',
  })
  @ApiBody({ schema: { example: successFactorsSample } })
  @ApiAcceptedResponse({ description: '{accepted, duplicates, events: [{source, id, status}]}' })
  receiveSuccessFactors(@Req() req: RawBodyRequest<Request>, @Body() body: unknown, @Headers() headers: Record<string, string>) {
    return this.receive(this.successFactors, req, body, headers);
  }

  @Post('workday/events')
  @HttpCode(202)
  @SignedByEnterprise()
  @ApiOperation({
    summary: 'Workday Hire business-process notification (Hire_Employee_Event), signed per Standard Webhooks.',
    description:
      'Worker_Reference / Applicant_Reference IDs become HR Open identifiers workday:<type> (Employee_ID, Applicant_ID, WID; ' +
      'schemeAgencyId workday:<Tenant>); a Custom_ID of type Platform_Placement_ID may carry the platform placement id. ' +
      'Dedupe on the Event_Reference WID. 400 names the Workday field.',
  })
  @ApiBody({ schema: { example: workdaySample } })
  @ApiAcceptedResponse({ description: '{accepted, duplicates, events: [{source, id, status}]}' })
  receiveWorkday(@Req() req: RawBodyRequest<Request>, @Body() body: unknown, @Headers() headers: Record<string, string>) {
    return this.receive(this.workday, req, body, headers);
  }

  private receive(adapter: ErpAdapter, req: RawBodyRequest<Request>, body: unknown, headers: Record<string, string>) {
    return this.ingest.ingestVendor(
      {
        enterpriseId: headers['x-enterprise-id'],
        contentType: headers['content-type'],
        webhookId: headers['webhook-id'],
        webhookTimestamp: headers['webhook-timestamp'],
        webhookSignature: headers['webhook-signature'],
        rawBody: req.rawBody,
        body,
      },
      adapter,
    );
  }
}
