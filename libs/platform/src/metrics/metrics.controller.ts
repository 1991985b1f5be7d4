import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

/**
 * Prometheus scrape endpoint. Unauthenticated like the probes: it is scraped inside the
 * cluster and carries counts and latencies, no personal data; the example Ingress does not
 * route it.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus metrics: HTTP by route, consumer lag, handler latency and outcome per event type, outbox backlog and age, dead letters, webhook deliveries by result and latency, process.',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
  })
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
