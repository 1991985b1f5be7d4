import { KafkaConfig } from 'kafkajs';
import { BaseConfig } from '@app/base';

type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/**
 * TLS and SASL for the service's Kafka clients, from KAFKA_SSL and KAFKA_SASL_*. A mechanism
 * without both username and password is a configuration error, reported at start rather than
 * as an authentication failure on the first request.
 */
export function kafkaSecurityOptions(
  config: Pick<BaseConfig, 'KAFKA_SSL' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'>,
): KafkaSecurity {
  const security: KafkaSecurity = config.KAFKA_SSL ? { ssl: true } : {};
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  if (!mechanism) {
    if (username || password) throw new Error('KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not');
    return security;
  }
  if (!username || !password) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  return { ...security, sasl: { mechanism, username, password } as KafkaConfig['sasl'] };
}
