import { applyDecorators, Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiProblem, ErpSignedRequest } from '../shared/api-docs';
import { ErpAdapter } from './adapters/erp-adapter';
import successFactorsEndRescinded from './adapters/fixtures/successfactors-end-rescinded.json';
import successFactorsHire from './adapters/fixtures/successfactors-hire.json';
import successFactorsOffer from './adapters/fixtures/successfactors-offer.json';
import successFactorsStartRescinded from './adapters/fixtures/successfactors-start-rescinded.json';
import successFactorsStart from './adapters/fixtures/successfactors-start.json';
import successFactorsTermination from './adapters/fixtures/successfactors-termination.json';
import workdayContractContingentWorker from './adapters/fixtures/workday-contract-contingent-worker.json';
import workdayEndContingentWorker from './adapters/fixtures/workday-end-contingent-worker.json';
import workdayHire from './adapters/fixtures/workday-hire.json';
import workdayOffer from './adapters/fixtures/workday-offer.json';
import workdayRescindContractContingentWorker from './adapters/fixtures/workday-rescind-contract-contingent-worker.json';
import workdayRescindTermination from './adapters/fixtures/workday-rescind-termination.json';
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
      'The vendor payload (or the canonical ERP event it maps to) is invalid, or is a notification the adapter does not map; ' +
        '`errors` names the field. Nothing was stored.',
    ),
    ApiProblem(413, 'The body exceeds HTTP_BODY_LIMIT_BYTES, or the mapped event would not fit in a Kafka record. Nothing was stored.'),
    ApiProblem(415, 'Content-Type is not application/json.'),
  );

/**
 * Vendor-shaped notifications of an offer's stage, a start, a hire, an end or a start or end taken
 * back, mapped onto the canonical `erp.offer.v1`, `erp.placement-start.v1`, `erp.hire.v1`,
 * `erp.placement-end.v1`, `erp.placement-start-rescinded.v1` or `erp.placement-end-rescinded.v1`
 * CloudEvent and then handled exactly like
 * `POST /v1/erp/events` (inbox, dedupe on the vendor's event id, review queue when nothing
 * matches). The mapping is the adapters' (adapters/, ADR 0076's "Vendor adapters", ADR 0079's vendor addendum).
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
    summary:
      'SAP SuccessFactors notification, signed per Standard Webhooks: Employee Central job information (EmpJob/PerPerson: ' +
      'hire, start, end, start or end taken back) or a Recruiting offer letter (OfferLetter/JobApplication).',
    description:
      'EmpJob: a hire when EmpJob.eventReason is HIRNEW or HIRREH (EmpJob.jobTitle required): erp.hire.v1. A start when ' +
      'EmpJob.event is SCWK (Start Contingent Worker): erp.placement-start.v1 with EmpJob.startDate as the first day ' +
      '(applied on arrival when it is today or earlier, scheduled for the day otherwise). An end when EmpJob.event ' +
      "is 26 (Termination: outcome terminated) or ECWK (End Contingent Worker: outcome completed), with the customer's " +
      'EmpJob.eventReason code as the end reason: erp.placement-end.v1, applied on arrival, or the day after its last day ' +
      '(EmpJob.startDate minus one) when that is later. An end record with operation DELETE (the termination deleted from ' +
      'job history) takes a scheduled end back: erp.placement-end-rescinded.v1; a Start Contingent Worker record (SCWK) ' +
      'with operation DELETE takes a scheduled start back: erp.placement-start-rescinded.v1, the placement stays accepted ' +
      "(neither names the notification that wrote the record: its day does, lastDay the record's startDate minus one for an end, " +
      'firstDay its startDate for a start, and only a scheduled step of that day is taken back; one of another day, a ' +
      'correction HR made meanwhile, stands and the deletion waits for review). Any other deleted record is a 400 ' +
      'naming operation. Anything else is a 400 naming EmpJob.eventReason. Identifiers become HR Open identifiers ' +
      'sf:personIdExternal and sf:userId (schemeAgencyId successfactors:<companyId>), matched against ' +
      'students.externalIds; EmpJob.customString1 may carry the platform placement id. ' +
      'OfferLetter: erp.offer.v1, OfferLetter.status NOT_VIEWED_BY_CAND or PENDING extended, ACCEPTED accepted, DECLINED ' +
      'declined, CANCELLED withdrawn (EXPIRED is a 400 naming OfferLetter.status); sentDate is offeredAt, ' +
      'lastModifiedDateTime of an answered or cancelled offer respondedAt; the candidate is JobApplication.candidateId ' +
      '(HR Open identifier sf:candidateId), JobApplication.platformPlacementId may carry the platform placement id. ' +
      'Dedupe on eventId. 400 names the SuccessFactors field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['eventId', 'companyId'],
      description:
        'Either an Employee Central job-information notification (a hire, start, end, deleted start or deleted end): eventId, companyId, ' +
        'publishedAt?, operation? (UPSERT or DELETE), PerPerson?, EmpJob (userId, startDate, eventReason, event?, jobTitle ' +
        'for a hire, customString1?); or a Recruiting offer-letter notification: eventId, companyId, publishedAt?, ' +
        'JobApplication (applicationId, candidateId, platformPlacementId?), OfferLetter (offerLetterId, status, sentDate?, ' +
        'lastModifiedDateTime?).',
    },
    examples: {
      hire: { summary: 'A hire (eventReason HIRNEW) → erp.hire.v1', value: successFactorsHire },
      termination: {
        summary: "An end (event 26 Termination, the customer's eventReason TERRESIG) → erp.placement-end.v1, outcome terminated",
        value: successFactorsTermination,
      },
      start: { summary: 'A start (event SCWK Start Contingent Worker) → erp.placement-start.v1', value: successFactorsStart },
      endRescinded: {
        summary: 'A Termination record deleted (operation DELETE) → erp.placement-end-rescinded.v1',
        value: successFactorsEndRescinded,
      },
      startRescinded: {
        summary: 'A Start Contingent Worker record deleted (operation DELETE) → erp.placement-start-rescinded.v1',
        value: successFactorsStartRescinded,
      },
      offer: { summary: 'An online offer letter ACCEPTED → erp.offer.v1, status accepted', value: successFactorsOffer },
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
      'Workday business-process notification (Hire_Employee_Event, Contract_Contingent_Worker_Event, Terminate_Employee_Event, ' +
      'End_Contingent_Worker_Contract_Event, Offer_Event, Rescind_Business_Process_Event), signed per Standard Webhooks.',
    description:
      'Exactly one business-process event per notification. Hire_Employee_Event: erp.hire.v1. ' +
      'Contract_Contingent_Worker_Event: erp.placement-start.v1 with Contract_Start_Date as the first day. ' +
      'Terminate_Employee_Event (outcome terminated) and End_Contingent_Worker_Contract_Event (outcome completed): ' +
      "erp.placement-end.v1, with the reason reference's ID as the end reason. Offer_Event: erp.offer.v1, " +
      'Offer_Data.Candidate_Response Pending extended, Accepted accepted, Declined declined (Offer_Date offeredAt, ' +
      'Response_Date respondedAt). Rescind_Business_Process_Event: a rescinded Termination or End Contingent Worker ' +
      'Contract is erp.placement-end-rescinded.v1 with the rescinded event WID as rescindedEventId (the id its end ' +
      'was given); a rescinded Contract Contingent Worker is erp.placement-start-rescinded.v1 with the rescinded event ' +
      'WID as rescindedEventId (the id its start was given: a scheduled start is taken back, the placement stays ' +
      'accepted); a rescinded Offer is erp.offer.v1 withdrawn; any other rescinded process (a Hire) is a 400 naming ' +
      'Rescinded_Business_Process_Type. Worker_Reference / Applicant_Reference / Candidate_Reference IDs become HR Open ' +
      'identifiers workday:<type> (Employee_ID, Contingent_Worker_ID, Applicant_ID, Candidate_ID, WID; schemeAgencyId ' +
      'workday:<Tenant>); a Custom_ID of type Platform_Placement_ID may carry the platform placement id. Dedupe on the ' +
      'Event_Reference WID. 400 names the Workday field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'Exactly one of Hire_Employee_Event (… Hire_Employee_Data), Contract_Contingent_Worker_Event ' +
        '(… Contract_Contingent_Worker_Data), Terminate_Employee_Event (… Terminate_Employee_Data), ' +
        'End_Contingent_Worker_Contract_Event (… End_Contingent_Worker_Contract_Data), each with Worker_Reference; ' +
        'Offer_Event (Candidate_Reference, Offer_Data) or Rescind_Business_Process_Event (Worker_Reference or ' +
        'Candidate_Reference, Rescind_Business_Process_Data); every one with Event_Reference (WID), Tenant and Completed_Moment?.',
      properties: {
        Hire_Employee_Event: { type: 'object' },
        Contract_Contingent_Worker_Event: { type: 'object' },
        Terminate_Employee_Event: { type: 'object' },
        End_Contingent_Worker_Contract_Event: { type: 'object' },
        Offer_Event: { type: 'object' },
        Rescind_Business_Process_Event: { type: 'object' },
      },
    },
    examples: {
      hire: { summary: 'Hire_Employee_Event → erp.hire.v1', value: workdayHire },
      termination: { summary: 'Terminate_Employee_Event → erp.placement-end.v1, outcome terminated', value: workdayTermination },
      endContingentWorker: {
        summary: 'End_Contingent_Worker_Contract_Event → erp.placement-end.v1, outcome completed',
        value: workdayEndContingentWorker,
      },
      contractContingentWorker: {
        summary: 'Contract_Contingent_Worker_Event → erp.placement-start.v1',
        value: workdayContractContingentWorker,
      },
      offer: { summary: 'Offer_Event, Candidate_Response Accepted → erp.offer.v1, status accepted', value: workdayOffer },
      rescindTermination: {
        summary: 'Rescind_Business_Process_Event of a Termination → erp.placement-end-rescinded.v1',
        value: workdayRescindTermination,
      },
      rescindContractContingentWorker: {
        summary: 'Rescind_Business_Process_Event of a Contract Contingent Worker → erp.placement-start-rescinded.v1',
        value: workdayRescindContractContingentWorker,
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
