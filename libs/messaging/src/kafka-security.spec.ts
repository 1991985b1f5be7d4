import { kafkaSecurityOptions } from './kafka-security';

describe('kafkaSecurityOptions', () => {
  it('adds nothing when neither TLS nor SASL is configured', () => {
    expect(kafkaSecurityOptions({ KAFKA_SSL: false })).toEqual({});
  });

  it('passes the SASL mechanism and credentials, with TLS when asked', () => {
    expect(
      kafkaSecurityOptions({
        KAFKA_SSL: true,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'rd',
        KAFKA_SASL_PASSWORD: 's3cret',
      }),
    ).toEqual({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'rd', password: 's3cret' } });
  });

  it('refuses a mechanism without credentials, and credentials without a mechanism', () => {
    expect(() => kafkaSecurityOptions({ KAFKA_SSL: false, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'rd' })).toThrow(
      /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
    expect(() => kafkaSecurityOptions({ KAFKA_SSL: false, KAFKA_SASL_PASSWORD: 'x' })).toThrow(/KAFKA_SASL_MECHANISM is not/);
  });
});
