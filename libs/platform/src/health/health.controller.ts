import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Db } from 'mongodb';
import { KafkaEventTransport } from '@app/messaging';
import { MONGO_DB } from '@app/persistence';
import { ShutdownState } from '../shutdown/shutdown-state';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    private readonly transport: KafkaEventTransport,
    @Inject(MONGO_DB) private readonly db: Db,
  ) {}

  /** The process is alive; says nothing about dependencies (restarts would not fix them). */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs (a restart would help only if this fails).' })
  @ApiOkResponse({
    description: 'The process runs.',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready only when Mongo answers, the Kafka consumer runs and no shutdown is under way. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Mongo answers, the Kafka consumer runs without a stuck retry and no shutdown is under way.' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the body names the failing dependency (terminus format).' })
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.checkReadiness();
    } catch (error) {
      // Keep terminus' per-dependency details in the 503 body: operators read them.
      if (error instanceof ServiceUnavailableException) {
        response.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }

  private checkReadiness() {
    return this.health.check([
      () => {
        const check = this.indicators.check('lifecycle');
        return this.shutdown.isDraining() ? check.down({ state: 'draining' }) : check.up({ state: 'serving' });
      },
      async () => {
        const check = this.indicators.check('mongo');
        try {
          await this.db.command({ ping: 1 }, { timeoutMS: 2000 });
          return check.up();
        } catch (error) {
          return check.down({ error: (error as Error).message });
        }
      },
      () => {
        // A record retrying a transient failure (e.g. the database is away) is reported with its
        // reason; past a few seconds it makes the service unready, though it keeps retrying.
        const check = this.indicators.check('kafkaConsumer');
        const { ready, ...health } = this.transport.health();
        const details = health.retrying.length ? health : { state: health.state };
        return ready ? check.up(details) : check.down(details);
      },
    ]);
  }
}
