import { Request, Response } from 'express';

/**
 * `?format=` wins; otherwise CSV when the client accepts text/csv (and not JSON first). The
 * answer to one URL thus depends on Accept, so it says so (`Vary: Accept`): otherwise a browser
 * or proxy cache could hand a CSV it kept to a later JSON request, or the other way round.
 */
export function wantsCsv(req: Request, res: Response, format: 'json' | 'csv' | undefined): boolean {
  res.vary('Accept');
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' && (req.headers.accept ?? '').includes('text/csv');
}

export function sendCsv(res: Response, filename: string, csv: string): string {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return csv;
}
