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
 * Walked with a stack of its own, not by recursion: JSON.parse accepts nesting deeper than the
 * call stack would, and such a body must get its 400, not a stack overflow.
 */
export function illFormedTextPath(value: unknown, prefix = ''): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: prefix }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (!isWellFormedText(current)) return path || '(value)';
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(current) ? current.map((item, i) => [String(i), item]) : Object.entries(current);
    // Pushed last to first, so the first key is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i];
      const itemPath = path ? `${path}.${key}` : key;
      if (!isWellFormedText(key)) return itemPath;
      pending.push({ value: item, path: itemPath });
    }
  }
  return undefined;
}
