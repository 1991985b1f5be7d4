import { z } from 'zod';
import { BaseConfigSchema, previousKeysNeedCurrent, allowOneRolloutSetting, previousKeysSetting } from '@app/base';

export const TeacherSecondmentConfigSchema = BaseConfigSchema.extend({
  SERVICE_NAME: z.string().min(1).default('teacher-secondment'),
  PORT: z.coerce.number().int().min(1).default(3002),
  /**
   * Operator endpoints: `Authorization: Bearer <ADMIN_API_TOKEN>`. Without it nobody is an
   * operator here (no keys can be issued), which only suits a service that merely copies partners.
   */
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Public base URL of this service: the credentials' issuer id, verify and status-list URLs. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3002'),
  /**
   * 32 bytes, base64: encrypts the credential signing keys at rest (AES-256-GCM). Without it
   * the private keys are stored in clear, which only a local demo may accept.
   */
  CREDENTIAL_KEY_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /**
   * Other keys that open what they sealed, comma-separated (each 32 bytes, base64): the keys
   * CREDENTIAL_KEY_ENCRYPTION_KEY replaced, and in a rotation's first rollout the key about to become
   * current (docs/operations.md). The signing keys they sealed still open, and the service reseals them under the
   * current key at start (ADR 0026, addendum). Needs CREDENTIAL_KEY_ENCRYPTION_KEY.
   */
  CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: previousKeysSetting(),
  /**
   * 'true' lets a replica start with keys that break a rotation (ADR 0087): a new key made current
   * in one rollout, or settings without the key replicas last started with as the current one.
   * Logged, not refused, and needed for one rollout: an emergency rotation, a rollback, a restore.
   */
  CREDENTIAL_KEY_ENCRYPTION_ALLOW_ONE_ROLLOUT: allowOneRolloutSetting(),
  /**
   * How long a replica signs with the active key it last read before reading it again: a rotation
   * made through any replica reaches every other one within this time (ADR 0026).
   */
  SIGNING_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * How often every teacher's compliance is recomputed for today (lapses happen as days pass), and
   * R&D participations refused for a teacher id registered since are answered again (ADR 0082).
   */
  COMPLIANCE_SWEEP_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Recompute everyone a few seconds after start (lapses while the service was down); off for bulk loads and benchmarks. */
  COMPLIANCE_SWEEP_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * How long a post's last taken seat, or a teacher's booking, is left alone by the repair pass
   * (ADR 0084 addendum): a request holds them before its secondment is saved, so only seats and
   * bookings older than this are recounted against the secondments and given back when held by
   * none. Far longer than any request may take; short only in tests.
   */
  SEAT_HOLD_GRACE_MS: z.coerce.number().int().min(1000).default(600_000),
  /**
   * How many days after a secondment ended its host still reads it whole; later the host sees
   * its period, status and hours only, as while the teacher objects (ADR 0077).
   */
  SECONDMENT_HOST_VIEW_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  /** Jurisdiction whose rule set applies to schools of a country that has none. */
  DEFAULT_JURISDICTION: z.string().length(2).default('CN'),
}).superRefine(previousKeysNeedCurrent('CREDENTIAL_KEY_ENCRYPTION_KEY', 'CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS'));

export type TeacherSecondmentConfig = z.infer<typeof TeacherSecondmentConfigSchema>;
