import { Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Request } from 'express';
import { ApiProblem, ErpSignedRequest } from '../shared/api-docs';
import { CloudEventRequestDto } from './dto/cloud-event-request.dto';
import { openApiSchemaOf } from '@app/base';
import { ErpIngestService, IngestReceiptSchema } from './erp-ingest.service';

/** One example per ERP event type about a placement, signed and posted as one event (the batch form is an array of them). */
const ERP_EVENT_EXAMPLES = {
  hire: {
    summary: 'A hire of the placement',
    value: erpExample('erp.hire.v1', 'hire-2026-0001', { placementId: '…', position: { title: 'CNC machinist' }, hireDate: '2026-09-01' }),
  },
  offerAccepted: {
    summary: 'The student accepted the offer (the placement becomes accepted)',
    value: erpExample('erp.offer.v1', 'offer-2026-0007', {
      person: { ids: [{ value: 'E-10442', schemeId: 'employee-number', schemeAgencyId: 'precision-motors' }] },
      status: 'accepted',
      offeredAt: '2026-02-10',
      respondedAt: '2026-02-12',
    }),
  },
  offerWithdrawn: {
    summary: 'The enterprise withdrew the offer (the placement is terminated)',
    value: erpExample('erp.offer.v1', 'offer-2026-0008', { placementId: '…', status: 'withdrawn' }),
  },
  placementStart: {
    summary: "The student's first day (active once the agreement is signed, else held for review)",
    value: erpExample('erp.placement-start.v1', 'start-2026-0003', { placementId: '…', startDate: '2026-03-02' }),
  },
  placementEnd: {
    summary: 'The placement ended as planned',
    value: erpExample('erp.placement-end.v1', 'end-2026-0001', { placementId: '…', outcome: 'completed', lastDay: '2026-08-31' }),
  },
  placementEndRescinded: {
    summary: 'The ERP takes back an end it reported ahead of time (the placement stays active)',
    value: erpExample('erp.placement-end-rescinded.v1', 'rescind-2026-0001', { placementId: '…', rescindedEventId: 'end-2026-0001' }),
  },
  placementStartRescinded: {
    summary: 'The ERP takes back a start it reported ahead of time (the placement stays accepted)',
    value: erpExample('erp.placement-start-rescinded.v1', 'rescind-start-2026-0001', {
      placementId: '…',
      rescindedEventId: 'start-2026-0003',
    }),
  },
};

function erpExample(type: string, id: string, data: object) {
  return { specversion: '1.0', id, source: 'urn:erp:precision-motors:sap', type, time: '2026-09-01T08:00:00Z', data };
}

@ApiTags('erp')
@ApiExtraModels(CloudEventRequestDto)
@Controller('v1/erp')
export class ErpIngestController {
  constructor(private readonly ingest: ErpIngestService) {}

  @Post('events')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Push ERP hiring events (CloudEvents, structured mode), signed per Standard Webhooks.',
    description:
      'Content-Type application/cloudevents+json (one event) or application/cloudevents-batch+json (array). ' +
      'Types: erp.hire.v1 (a hire, applied to the matching placement or held for review), erp.offer.v1 (an offer extended, ' +
      'accepted, declined or withdrawn: offers, accepts or terminates the placement), erp.placement-start.v1 (the first day: ' +
      'the accepted placement becomes active once its three-party agreement is signed, else the start waits for review), ' +
      'erp.placement-end.v1 (completed or terminated; with a lastDay after today it waits for that day), ' +
      'erp.placement-end-rescinded.v1 and erp.placement-start-rescinded.v1 (take back an end or a start still waiting for ' +
      'its day) and erp.requisition.v1 ' +
      '(talent demand: opens, updates or closes the requisition with that ERP requisition id). ' +
      '202 once every event is durably stored in the ERP inbox; each is then forwarded to talent.erp-inbound.v1 ' +
      '(key = enterprise id). 401 on a bad signature or stale timestamp, 400 naming each bad field, and nothing is ' +
      'stored then. The same source+id again is accepted once and reported as duplicate.',
  })
  @ErpSignedRequest()
  @ApiConsumes('application/cloudevents+json', 'application/cloudevents-batch+json')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CloudEventRequestDto) },
        { type: 'array', minItems: 1, items: { $ref: getSchemaPath(CloudEventRequestDto) } },
      ],
      example: {
        specversion: '1.0',
        id: 'hire-2026-0001',
        source: 'urn:erp:precision-motors:sap',
        type: 'erp.hire.v1',
        time: '2026-09-01T08:00:00Z',
        data: { placementId: '…', position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
      },
    },
    examples: ERP_EVENT_EXAMPLES,
  })
  @ApiAcceptedResponse({
    description: 'Stored in the inbox: per event (by its CloudEvents source and id), accepted now or a duplicate of one already stored.',
    schema: openApiSchemaOf(IngestReceiptSchema),
  })
  @ApiProblem(
    400,
    'An envelope or data field is invalid, an unsupported type, or a batch that repeats an event; `errors` names each ' +
      '(`[2].data.hireDate` in a batch). Nothing was stored.',
  )
  @ApiProblem(
    413,
    'The body exceeds HTTP_BODY_LIMIT_BYTES (512 KiB by default), or an event would not fit in a Kafka record ' +
      '(KAFKA_MAX_RECORD_BYTES); `errors` names the event. Nothing was stored.',
  )
  @ApiProblem(415, 'Content-Type is neither application/cloudevents+json nor application/cloudevents-batch+json.')
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Body() body: unknown,
    @Headers('x-enterprise-id') enterpriseId?: string,
    @Headers('content-type') contentType?: string,
    @Headers('webhook-id') webhookId?: string,
    @Headers('webhook-timestamp') webhookTimestamp?: string,
    @Headers('webhook-signature') webhookSignature?: string,
  ) {
    return this.ingest.ingest({
      enterpriseId,
      contentType,
      webhookId,
      webhookTimestamp,
      webhookSignature,
      rawBody: req.rawBody,
      body,
      correlationId: String(req.id),
    });
  }
}
