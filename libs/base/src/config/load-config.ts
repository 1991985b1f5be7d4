import { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    message: string,
    /** Each offending variable and what is wrong with it (never its value). */
    readonly issues: { variable: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * Parses the environment against a zod schema. A bad or missing variable stops the process
 * with a message naming the variable; values are never echoed, since some are secrets.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(env)', message: issue.message }));
  const lines = issues.map((issue) => `  ${issue.variable}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, issues);
}
