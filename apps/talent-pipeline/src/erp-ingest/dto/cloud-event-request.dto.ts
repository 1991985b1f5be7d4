import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The CloudEvents 1.0 structured-mode envelope `POST /v1/erp/events` reads, for the OpenAPI
 * document only: the request is validated by parseCloudEventsBody and the zod contracts.
 */
export class CloudEventRequestDto {
  @ApiProperty({ enum: ['1.0'] })
  specversion: '1.0';

  @ApiProperty({ example: 'hire-2026-0001', maxLength: 256, description: 'Unique per source; source + id is the dedupe key.' })
  id: string;

  @ApiProperty({ example: 'urn:erp:precision-motors:sap', maxLength: 1024 })
  source: string;

  @ApiProperty({
    enum: ['erp.hire.v1', 'erp.requisition.v1'],
    description: 'The data schemas are in docs/asyncapi.yaml (ErpHireData, ErpRequisitionData).',
  })
  type: string;

  @ApiPropertyOptional()
  subject?: string;

  @ApiPropertyOptional({ example: '2026-09-01T08:00:00Z', description: 'RFC 3339; the receive time when absent.' })
  time?: string;

  @ApiPropertyOptional({ enum: ['application/json'] })
  datacontenttype?: 'application/json';

  @ApiPropertyOptional()
  dataschema?: string;

  @ApiPropertyOptional({
    maxLength: 128,
    description: 'CloudEvents extension: traces the ERP request through the platform; defaults to the HTTP request id (x-correlation-id).',
  })
  correlationid?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'erp.hire.v1: {placementId? | person: {ids: HR Open identifiers[]}, position: {title, id?}, hireDate}. ' +
      'erp.requisition.v1: {requisitionId, position: {title, id}, skills?, headcount, kind, period, location, status?}.',
  })
  data: Record<string, unknown>;
}
