import { Logger } from '@nestjs/common';
import { LogEntry, logLevel } from 'kafkajs';

/** Routes kafkajs' own logs through Nest's logger (and so into pino JSON). */
export function kafkaLogCreator() {
  const logger = new Logger('kafkajs');
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const line = `${message} ${JSON.stringify(extra)}`;
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.debug(line);
    };
}
