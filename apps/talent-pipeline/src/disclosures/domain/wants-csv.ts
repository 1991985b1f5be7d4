/** `?format=` wins; otherwise CSV when the Accept header asks for text/csv before JSON. */
export function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  const ranked = (accept ?? '')
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(
        params
          .map((p) => p.trim())
          .find((p) => p.startsWith('q='))
          ?.slice(2) ?? '1',
      );
      return { type, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((media) => media.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const csv = ranked.findIndex((media) => media.type === 'text/csv');
  const json = ranked.findIndex((media) => media.type === 'application/json' || media.type === 'application/*' || media.type === '*/*');
  return csv !== -1 && (json === -1 || csv < json);
}
