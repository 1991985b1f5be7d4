import { applyDecorators, Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiProblem, ErpSignedRequest } from '../shared/api-docs';
import { ErpAdapter } from './adapters/erp-adapter';
import successFactorsSample from './adapters/fixtures/successfactors-hire.json';
import workdaySample from './adapters/fixtures/workday-hire.json';
import { SuccessFactorsHireAdapter } from './adapters/successfactors-hire.adapter';
import { WorkdayHireAdapter } from './adapters/workday-hire.adapter';
import { openApiSchemaOf } from '@app/base';
import { ErpIngestService, IngestReceiptSchema } from './erp-ingest.service';

/** What every vendor endpoint answers besides 202 and the signature's 401. */
const VendorProblems = () =>
  applyDecorators(
    ApiProblem(400, 'The vendor payload (or the erp.hire.v1 it maps to) is invalid; `errors` names the field. Nothing was stored.'),
    ApiProblem(413, 'The body exceeds HTTP_BODY_LIMIT_BYTES, or the mapped event would not fit in a Kafka record. Nothing was stored.'),
    ApiProblem(415, 'Content-Type is not application/json.'),
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
  @ErpSignedRequest()
  @ApiConsumes('application/json')
  @ApiOperation({
    summary: 'SAP SuccessFactors Employee Central hire notification (EmpJob/PerPerson), signed per Standard Webhooks.',
    description:
      'EmpJob.eventReason must be a hire (HIRNEW, HIRREH). Identifiers become HR Open identifiers sf:personIdExternal and ' +
      'sf:userId (schemeAgencyId successfactors:<companyId>), matched against students.externalIds; EmpJob.customString1 may ' +
      'carry the platform placement id. Dedupe on eventId. 400 names the SuccessFactors field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['eventId', 'companyId', 'EmpJob'],
      description: 'Employee Central hire notification: eventId, companyId, publishedAt?, PerPerson?, EmpJob.',
      example: successFactorsSample,
    },
  })
  @ApiAcceptedResponse({
    description: 'Stored in the inbox: per event (by its CloudEvents source and id), accepted now or a duplicate of one already stored.',
    schema: openApiSchemaOf(IngestReceiptSchema),
  })
  @VendorProblems()
  receiveSuccessFactors(@Req() req: RawBodyRequest<Request>, @Body() body: unknown, @Headers() headers: Record<string, string>) {
    return this.receive(this.successFactors, req, body, headers);
  }

  @Post('workday/events')
  @HttpCode(202)
  @ErpSignedRequest()
  @ApiConsumes('application/json')
  @ApiOperation({
    summary: 'Workday Hire business-process notification (Hire_Employee_Event), signed per Standard Webhooks.',
    description:
      'Worker_Reference / Applicant_Reference IDs become HR Open identifiers workday:<type> (Employee_ID, Applicant_ID, WID; ' +
      'schemeAgencyId workday:<Tenant>); a Custom_ID of type Platform_Placement_ID may carry the platform placement id. ' +
      'Dedupe on the Event_Reference WID. 400 names the Workday field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['Hire_Employee_Event'],
      description: 'Workday Hire_Employee_Event: Event_Reference (WID), Tenant, Worker_Reference, Hire_Employee_Data.',
      example: workdaySample,
    },
  })
  @ApiAcceptedResponse({
    description: 'Stored in the inbox: per event (by its CloudEvents source and id), accepted now or a duplicate of one already stored.',
    schema: openApiSchemaOf(IngestReceiptSchema),
  })
  @VendorProblems()
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
        correlationId: String(req.id),
      },
      adapter,
    );
  }
}
