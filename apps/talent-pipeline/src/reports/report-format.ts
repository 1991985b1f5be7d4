import { Response } from 'express';

export function sendCsv(res: Response, filename: string, csv: string): string {
  res.type('text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return csv;
}
