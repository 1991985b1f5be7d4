import { Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ErpIngestService } from './erp-ingest.service';

@ApiTags('erp')
@Controller('v1/erp')
export class ErpIngestController {
  constructor(private readonly ingest: ErpIngestService) {}

  @Post('events')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Push ERP hiring events (CloudEvents, structured mode), signed per Standard Webhooks.',
    description:
      'Content-Type application/cloudevents+json (one event) or application/cloudevents-batch+json (array). ' +
      '202 once every event is durably stored. 401 on a bad signature or stale timestamp, 400 naming each bad ' +
      'field, and nothing is stored then. The same source+id again is accepted once and reported as duplicate.',
  })
  @ApiHeader({ name: 'x-enterprise-id', required: true, description: 'The registered enterprise sending the events.' })
  @ApiHeader({ name: 'webhook-id', required: true })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({
    name: 'webhook-signature',
    required: true,
    description: 'v1,<base64 HMAC-SHA256>; several space-separated during key rotation',
  })
  @ApiBody({
    schema: {
      example: {
        specversion: '1.0',
        id: 'hire-2026-0001',
        source: 'urn:erp:precision-motors:sap',
        type: 'erp.hire.v1',
        time: '2026-09-01T08:00:00Z',
        data: { placementId: '…', position: { title: 'CNC machinist' }, hireDate: '2026-09-01' },
      },
    },
  })
  @ApiAcceptedResponse({ description: '{accepted, duplicates, events: [{source, id, status}]}' })
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Body() body: unknown,
    @Headers('x-enterprise-id') enterpriseId?: string,
    @Headers('content-type') contentType?: string,
    @Headers('webhook-id') webhookId?: string,
    @Headers('webhook-timestamp') webhookTimestamp?: string,
    @Headers('webhook-signature') webhookSignature?: string,
  ) {
    return this.ingest.ingest({ enterpriseId, contentType, webhookId, webhookTimestamp, webhookSignature, rawBody: req.rawBody, body });
  }
}
