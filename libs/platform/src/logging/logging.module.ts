import { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { correlationIdOf } from './correlation-id';

/** pino JSON logs; every HTTP request gets a correlation id (taken from the caller if given). */
export function loggingModule(serviceName: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service: serviceName },
      redact: ['req.headers.authorization', 'req.headers["webhook-signature"]'],
      genReqId: (req: IncomingMessage, res: ServerResponse) => correlationIdOf(req, res),
      customAttributeKeys: { reqId: 'correlationId' },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
    },
  });
}
