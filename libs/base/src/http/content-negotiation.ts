import { Request, Response } from 'express';

/**
 * Whether to answer a route that serves JSON or CSV as CSV, and marks the answer `Vary: Accept`
 * (always, whatever it decides): one URL then answers JSON or CSV by Accept, and without the
 * header a browser or proxy cache could hand a CSV it kept to a later JSON request, or the other
 * way round.
 *
 * `?format=` wins. Otherwise CSV only when the client asks for text/csv before JSON, by both of
 * the rules the routes used to apply: Express's negotiation (q-values, the most specific range
 * matching each type) picks text/csv over application/json, and, ranked by q then by order, a
 * `text/csv` entry comes before any entry that accepts JSON (application/json, application/* or
 * the full wildcard). No Accept, the full wildcard alone, or a tie won by JSON: JSON, the default.
 */
export function negotiateCsv(req: Request, res: Response, format: string | undefined): boolean {
  res.vary('Accept');
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' && listsCsvBeforeJson(req.headers.accept);
}

/** The Accept header's entries ranked by q (then order, q=0 dropped): is a text/csv one ahead of every one accepting JSON? */
function listsCsvBeforeJson(accept: string | undefined): boolean {
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
