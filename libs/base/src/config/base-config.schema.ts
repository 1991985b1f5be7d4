import { z } from 'zod';
import { OperatorKeysSetting, parseOperatorKeysFile } from '../http/operator-keys';

const commaList = z
  .string()
  .min(1)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine((list) => list.length > 0, 'must list at least one host:port');

/** 900 KiB: the largest body that still fits a default 1 MB Kafka record with its headers. */
export const MAX_HTTP_BODY_LIMIT_BYTES = 900 * 1024;
export const DEFAULT_HTTP_BODY_LIMIT_BYTES = 512 * 1024;

const intFromEnv = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Variables every service reads. Services extend this schema with their own. */
export const BaseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  /**
   * Each operator's own bearer keys, `operatorId:sha256hex[:lastDay][:no-personal-data]` entries
   * separated by commas (ADR 0073; `npm run ops -- operator-key <id>` makes one). A named key
   * authenticates who the operator is: the operator access log, erasure filings and credential
   * audits record its id. Once any is set, operator reads of personal data refuse the shared
   * ADMIN_API_TOKEN. An entry ending `:no-personal-data` (support, on-call) may do every operator
   * thing except receive students' or teachers' personal data (403, ADR 0078); one without it
   * may do everything, as before. Any other field stops the service at start, naming the entry.
   */
  OPERATOR_KEYS: OperatorKeysSetting,
  /**
   * A file with more such entries (commas or line breaks between them), read again when it
   * changes: mount the operator keys Secret as a volume and an entry added or removed works
   * within seconds, without a restart. A file that is not there holds no keys; one that does not
   * parse stops the service at start (later, the keys read before stay and the log says why).
   */
  OPERATOR_KEYS_FILE: z
    .string()
    .min(1)
    .optional()
    .superRefine((path, ctx) => {
      if (path === undefined) return;
      const parsed = parseOperatorKeysFile(path);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
  PORT: intFromEnv(3000, 1),
  MONGO_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  KAFKA_BROKERS: commaList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_GROUP_ID: z.string().min(1).optional(),
  /** Prepended to every topic name; lets test runs and demos share one broker without colliding. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: intFromEnv(3, 1),
  /** How long the group waits for a silent consumer (e.g. a crashed pod) before rebalancing. */
  KAFKA_SESSION_TIMEOUT_MS: intFromEnv(30_000, 6_000),
  /** Partitions handled at once per consumer; order within a partition (one key) is kept. */
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: intFromEnv(3, 1),
  /** A consumer that has not fetched for this long with no record in hand is rebuilt (kafkajs can stall after a broker restart). */
  KAFKA_CONSUMER_STALLED_AFTER_MS: intFromEnv(60_000, 10_000),
  /**
   * The longest a record that names a person stays on the brokers (PERSONAL_DATA_TOPICS and their
   * dead-letter topics; ADR 0074). An erasure does not rewrite Kafka, so this bounds how long a
   * student's ids and free text outlive it there. At most 30 days (GDPR Art. 12(3): one month);
   * consumers and dead-letter replays must catch up within it.
   */
  KAFKA_PERSONAL_DATA_MAX_AGE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30, 'must be at most 30 days: an erasure must reach the brokers within a month')
    .default(28),
  /**
   * SASL authentication to the brokers (unset: none). Each service connects as its own
   * principal, so broker ACLs can grant it exactly the topics it uses (tools/kafka/acl-plan.ts).
   */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** TLS to the brokers (with SASL in production, so credentials never cross the network in clear). */
  KAFKA_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  CONSUMER_RETRY_ATTEMPTS: intFromEnv(3, 1),
  CONSUMER_RETRY_BASE_MS: intFromEnv(200, 0),
  OUTBOX_POLL_MS: intFromEnv(1000, 10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Largest Kafka record (value plus headers) the services produce; the broker's default
   * message.max.bytes is 1,048,588. Inbound data that would not fit is refused at the door
   * (413) rather than accepted and then never published.
   */
  KAFKA_MAX_RECORD_BYTES: intFromEnv(1_000_000, 1024),
  /**
   * Largest HTTP body read (413 beyond). Kept below the Kafka record limit with room for
   * headers, so an accepted event always fits in one record.
   */
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(MAX_HTTP_BODY_LIMIT_BYTES, `must be at most ${MAX_HTTP_BODY_LIMIT_BYTES} (900 KiB), below a 1 MB Kafka record`)
    .default(DEFAULT_HTTP_BODY_LIMIT_BYTES),
  /**
   * Requests one client (a credential, or an address without one) may make per
   * RATE_LIMIT_WINDOW_MS before getting 429 with Retry-After; 0 turns the limit off. Per
   * replica (docs/decisions/0032).
   */
  RATE_LIMIT_REQUESTS: intFromEnv(0, 0),
  RATE_LIMIT_WINDOW_MS: intFromEnv(60_000, 1_000),
  /** Time between readiness going 503 and draining, so load balancers stop sending traffic. */
  SHUTDOWN_GRACE_MS: intFromEnv(0, 0),
  /**
   * OpenTelemetry traces (docs/decisions/0043): off unless an OTLP endpoint is set or this is
   * `true`; `false` keeps them off even with an endpoint.
   */
  OTEL_TRACES_ENABLED: z.enum(['true', 'false']).optional(),
  /** OTLP/HTTP collector base URL (`/v1/traces` is appended), e.g. http://otel-collector:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Full OTLP/HTTP traces URL; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** service.name of the spans (SERVICE_NAME when unset). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of new traces sampled, 0..1; a trace that arrives sampled stays sampled (parent-based). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export type BaseConfig = z.infer<typeof BaseConfigSchema>;

export const APP_CONFIG = Symbol('APP_CONFIG');
