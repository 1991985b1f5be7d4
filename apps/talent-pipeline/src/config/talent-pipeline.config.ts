import { z } from 'zod';
import { BaseConfigSchema, previousKeysNeedCurrent, allowOneRolloutSetting, previousKeysSetting } from '@app/base';
import { parseDurationList } from './duration-list';

/** A number of days, or unset (an empty value counts as unset): the rule is off. */
function optionalDays() {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const days = Number(value);
      if (!Number.isInteger(days) || days < 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number of days (0 or more), or unset' });
        return z.NEVER;
      }
      return days;
    });
}

export const TalentPipelineConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('talent-pipeline'),
  PORT: z.coerce.number().int().min(1).default(3001),
  /** Bearer token for operator endpoints (registering partners, students, placements). */
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /**
   * Base64 of 32 random bytes (`openssl rand -base64 32`). When set, ERP and webhook signing
   * secrets are stored AES-256-GCM encrypted (without it they are stored as they are), and an
   * erased student keeps keyed hashes of its HR ids (without it, none: ADR 0037).
   */
  SECRETS_ENCRYPTION_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const key = Buffer.from(value, 'base64');
      if (key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'must be base64 of exactly 32 bytes (openssl rand -base64 32)' });
        return z.NEVER;
      }
      return key;
    }),
  /**
   * Other keys that open what they sealed, comma-separated (each base64 of 32 bytes): the keys
   * SECRETS_ENCRYPTION_KEY replaced, and in a rotation's first rollout the key about to become current
   * (docs/operations.md). Signing secrets sealed under them still open, the service reseals them under the current key at
   * start (and on `POST /v1/operator/secret-keys/reseal`), and an erased student's HR-id hashes kept
   * under them still match (ADR 0018, addendum). Needs SECRETS_ENCRYPTION_KEY.
   */
  SECRETS_ENCRYPTION_PREVIOUS_KEYS: previousKeysSetting(),
  /**
   * 'true' lets a replica start with keys that break a rotation (ADR 0087): a new key made current
   * in one rollout (the replicas still on the old key cannot open what it seals until they are
   * replaced), or settings without the key replicas last started with as the current one. Logged,
   * not refused, and needed for one rollout: an emergency rotation, a rollback, a restore.
   */
  SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT: allowOneRolloutSetting(),
  /** How far a Standard Webhooks timestamp may be from now, either way. */
  ERP_SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Delays between webhook delivery attempts after the first; Svix's schedule by default. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h,10h')
    .transform((value, ctx) => {
      try {
        return parseDurationList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Most students the in-memory matching pool holds (ADR 0060); with more, matching reads the
   * database per request as before. 0 turns the pool off.
   */
  MATCHING_POOL_MAX_STUDENTS: z.coerce.number().int().min(0).default(100_000),
  /**
   * Most students and placements (together) the in-memory report pool holds (ADR 0060); with
   * more, reports read the database per request as before. 0 turns the pool off.
   */
  REPORTS_POOL_MAX_DOCUMENTS: z.coerce.number().int().min(0).default(100_000),
  /**
   * The matching and report pools are reloaded whole in the background after this long, which
   * bounds how long a change whose change-log record was lost (a crash between a write and its
   * record) stays unseen.
   */
  POOL_MAX_AGE_MS: z.coerce.number().int().min(1_000).default(600_000),
  /**
   * While a pool is in use (used within POOL_MAX_AGE_MS) it also catches up this often in the
   * background, so writes between two uses do not outrun the change log and force a whole reload;
   * unused for POOL_MAX_AGE_MS, it is dropped. 0: catch up only before each use.
   */
  POOL_FOLLOW_MS: z.coerce.number().int().min(0).default(1_000),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /**
   * How often the outcome topic pump looks for feed entries other replicas appended (appends of
   * its own process wake it at once). Schools' outcome topics: ADR 0075.
   */
  OUTCOME_TOPIC_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Most outcomes one replay may send (422 beyond: narrow `since`), so one replay cannot flood the worker. */
  WEBHOOK_REPLAY_MAX_EVENTS: z.coerce.number().int().min(1).default(10_000),
  /**
   * Whether webhook URLs may point at loopback, private or link-local addresses. Off in
   * production (a school's URL must not reach the platform's own network); on for local
   * development and tests, whose receivers listen on 127.0.0.1.
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(['true', 'false'], { message: "must be 'true' or 'false'" })
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * How often ERP steps dated in the future are looked for and applied once due: ends on the day
   * after their last day, starts on their first day, UTC (one replica at a time, under a lease;
   * ADR 0076, 0079). A step becomes due at 00:00 UTC, so it reaches the school at most this long
   * after. The name predates starts and is kept for existing deployments.
   */
  SCHEDULED_ENDS_POLL_MS: z.coerce.number().int().min(10).default(300_000),
  /** How often open erasure requests are checked for completion (every service confirmed, every notice settled). */
  ERASURE_TRACK_MS: z.coerce.number().int().min(10).default(5_000),
  /** How often the retention sweep looks for expired students (one replica at a time, under a lease). */
  RETENTION_SWEEP_MS: z.coerce.number().int().min(10).default(3_600_000),
  /**
   * Retention of a placed student: erased this many days after their last placement ended
   * (completed, terminated or hired) when no placement is open. Unset: never by this rule.
   */
  RETENTION_STUDENT_DAYS_AFTER_LAST_PLACEMENT: optionalDays(),
  /** Retention of a student never placed: erased this many days after registration. Unset: never by this rule. */
  RETENTION_UNPLACED_STUDENT_DAYS: optionalDays(),
}).superRefine(previousKeysNeedCurrent('SECRETS_ENCRYPTION_KEY', 'SECRETS_ENCRYPTION_PREVIOUS_KEYS'));

export type TalentPipelineConfig = z.infer<typeof TalentPipelineConfigSchema>;
