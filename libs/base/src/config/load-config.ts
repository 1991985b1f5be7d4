import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Parses the environment against a zod schema. A bad or missing variable stops the process
 * with a message naming the variable; values are never echoed, since some are secrets.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
