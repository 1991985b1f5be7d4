import { Request, Response } from 'express';

/** `?format=` wins; otherwise CSV when the client accepts text/csv (and not JSON first). */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' && (req.headers.accept ?? '').includes('text/csv');
}

export function sendCsv(res: Response, filename: string, csv: string): string {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return csv;
}
