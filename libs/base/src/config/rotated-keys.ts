import { z } from 'zod';

/**
 * The other keys of a rotation (`…_PREVIOUS_KEYS`): the keys the current one replaced, and in a
 * rotation's first rollout the key about to become current. Base64 keys of 32 bytes each,
 * comma-separated; none when unset (ADR 0018 and 0026, addenda).
 */
export const previousKeysSetting = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const keys = (value ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => Buffer.from(part, 'base64'));
      if (keys.some((key) => key.length !== 32)) {
        ctx.addIssue({ code: 'custom', message: 'must be base64 keys of exactly 32 bytes each, comma-separated' });
        return z.NEVER;
      }
      return keys;
    });

/**
 * `*_ALLOW_ONE_ROLLOUT` ('true' or 'false', default 'false'): a replica starts with keys that would
 * break a rotation, logging the problem instead of refusing to start (ADR 0087).
 */
export const allowOneRolloutSetting = () =>
  z
    .enum(['true', 'false'], { message: "must be 'true' or 'false'" })
    .default('false')
    .transform((value) => value === 'true');

/** A refinement for a service's config: previous keys only make sense beside the current key they led to. */
export function previousKeysNeedCurrent<C extends Record<string, unknown>>(current: keyof C & string, previous: keyof C & string) {
  return (config: C, ctx: z.RefinementCtx) => {
    if ((config[previous] as unknown[]).length && !config[current])
      ctx.addIssue({
        code: 'custom',
        path: [previous],
        message: `needs ${current}: previous keys only open what a rotation left behind`,
      });
  };
}
