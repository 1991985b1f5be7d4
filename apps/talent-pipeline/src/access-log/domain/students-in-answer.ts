/**
 * The students whose data an operator route answered with: the `studentId` path parameter
 * (or the one named), else `studentId` of the answer or of each of its `items`.
 */
export function studentsInAnswer(params: Record<string, string | undefined>, answer: unknown, studentParam = 'studentId'): string[] {
  const fromPath = params[studentParam];
  if (fromPath) return [fromPath];
  const ids = new Set<string>();
  const take = (value: unknown) => {
    const id = (value as { studentId?: unknown } | null)?.studentId;
    if (typeof id === 'string' && id) ids.add(id);
  };
  take(answer);
  const items = (answer as { items?: unknown } | null)?.items;
  if (Array.isArray(items)) items.forEach(take);
  return [...ids];
}
