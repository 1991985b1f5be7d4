import { applyDecorators, Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiProblem, ErpSignedRequest } from '../shared/api-docs';
import { ErpAdapter } from './adapters/erp-adapter';
import successFactorsHire from './adapters/fixtures/successfactors-hire.json';
import successFactorsTermination from './adapters/fixtures/successfactors-termination.json';
import workdayEndContingentWorker from './adapters/fixtures/workday-end-contingent-worker.json';
import workdayHire from './adapters/fixtures/workday-hire.json';
import workdayTermination from './adapters/fixtures/workday-termination.json';
import { SuccessFactorsAdapter } from './adapters/successfactors.adapter';
import { WorkdayAdapter } from './adapters/workday.adapter';
import { openApiSchemaOf } from '@app/base';
import { ErpIngestService, IngestReceiptSchema } from './erp-ingest.service';

/** What every vendor endpoint answers besides 202 and the signature's 401. */
const VendorProblems = () =>
  applyDecorators(
    ApiProblem(
      400,
      'The vendor payload (or the erp.hire.v1 / erp.placement-end.v1 it maps to) is invalid; `errors` names the field. Nothing was stored.',
    ),
    ApiProblem(413, 'The body exceeds HTTP_BODY_LIMIT_BYTES, or the mapped event would not fit in a Kafka record. Nothing was stored.'),
    ApiProblem(415, 'Content-Type is not application/json.'),
  );

/**
 * Vendor-shaped notifications of a hire or of the end of a placement, mapped onto the canonical
 * `erp.hire.v1` or `erp.placement-end.v1` CloudEvent and then handled exactly like
 * `POST /v1/erp/events` (inbox, dedupe on the vendor's event id, review queue when nothing
 * matches). The mapping is the adapters' (adapters/, ADR 0076's "Vendor adapters").
 */
@ApiTags('erp')
@Controller('v1/erp/adapters')
export class ErpAdaptersController {
  private readonly successFactors = new SuccessFactorsAdapter();
  private readonly workday = new WorkdayAdapter();

  constructor(private readonly ingest: ErpIngestService) {}

  @Post('successfactors/events')
  @HttpCode(202)
  @ErpSignedRequest()
  @ApiConsumes('application/json')
  @ApiOperation({
    summary: 'SAP SuccessFactors Employee Central hire or end notification (EmpJob/PerPerson), signed per Standard Webhooks.',
    description:
      'A hire when EmpJob.eventReason is HIRNEW or HIRREH (EmpJob.jobTitle required): erp.hire.v1. An end when EmpJob.event ' +
      "is 26 (Termination: outcome terminated) or ECWK (End Contingent Worker: outcome completed), with the customer's " +
      'EmpJob.eventReason code as the end reason: erp.placement-end.v1, applied on arrival, or the day after its last day ' +
      '(EmpJob.startDate minus one) when that is later. Anything else is a 400 naming ' +
      'EmpJob.eventReason. Identifiers become HR Open identifiers sf:personIdExternal and sf:userId (schemeAgencyId ' +
      'successfactors:<companyId>), matched against students.externalIds; EmpJob.customString1 may carry the platform ' +
      'placement id. Dedupe on eventId. 400 names the SuccessFactors field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['eventId', 'companyId', 'EmpJob'],
      description:
        'Employee Central job-information notification, a hire or an end: eventId, companyId, publishedAt?, PerPerson?, ' +
        'EmpJob (userId, startDate, eventReason, event?, jobTitle for a hire, customString1?).',
    },
    examples: {
      hire: { summary: 'A hire (eventReason HIRNEW) → erp.hire.v1', value: successFactorsHire },
      termination: {
        summary: "An end (event 26 Termination, the customer's eventReason TERRESIG) → erp.placement-end.v1, outcome terminated",
        value: successFactorsTermination,
      },
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
    summary:
      'Workday hire or end notification (Hire_Employee_Event, Terminate_Employee_Event, End_Contingent_Worker_Contract_Event), ' +
      'signed per Standard Webhooks.',
    description:
      'Exactly one business-process event per notification. Hire_Employee_Event: erp.hire.v1. Terminate_Employee_Event ' +
      '(outcome terminated) and End_Contingent_Worker_Contract_Event (outcome completed): erp.placement-end.v1, applied on ' +
      "arrival, with the reason reference's ID as the end reason. Worker_Reference / Applicant_Reference IDs become HR Open " +
      'identifiers workday:<type> (Employee_ID, Contingent_Worker_ID, Applicant_ID, WID; schemeAgencyId workday:<Tenant>); a ' +
      'Custom_ID of type Platform_Placement_ID may carry the platform placement id. Dedupe on the Event_Reference WID. ' +
      '400 names the Workday field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'Exactly one of Hire_Employee_Event (… Hire_Employee_Data), Terminate_Employee_Event (… Terminate_Employee_Data) or ' +
        'End_Contingent_Worker_Contract_Event (… End_Contingent_Worker_Contract_Data), each with Event_Reference (WID), ' +
        'Tenant, Completed_Moment? and Worker_Reference.',
      properties: {
        Hire_Employee_Event: { type: 'object' },
        Terminate_Employee_Event: { type: 'object' },
        End_Contingent_Worker_Contract_Event: { type: 'object' },
      },
    },
    examples: {
      hire: { summary: 'Hire_Employee_Event → erp.hire.v1', value: workdayHire },
      termination: { summary: 'Terminate_Employee_Event → erp.placement-end.v1, outcome terminated', value: workdayTermination },
      endContingentWorker: {
        summary: 'End_Contingent_Worker_Contract_Event → erp.placement-end.v1, outcome completed',
        value: workdayEndContingentWorker,
      },
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
