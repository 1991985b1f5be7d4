/**
 * JSON may escape a lone UTF-16 surrogate (`"\ud800"`), and JSON.parse gives it back as is, but
 * such a string has no UTF-8 form: the MongoDB driver stores it as U+FFFD, so two different ids
 * would become one and what was accepted is not what is kept. Input is checked for it before any
 * code reads a field. A well-formed surrogate pair (an emoji) is one code point and passes.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * The dotted path (`period.from`, `skills.2`) of the first key or string in a parsed JSON value
 * that is not well-formed Unicode, or undefined when all are. `prefix` names the value itself.
 */
export function illFormedTextPath(value: unknown, prefix = ''): string | undefined {
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : prefix || '(value)';
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!isWellFormedText(key)) return path;
    const found = illFormedTextPath(item, path);
    if (found) return found;
  }
  return undefined;
}
