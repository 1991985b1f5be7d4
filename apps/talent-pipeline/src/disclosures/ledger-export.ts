import { Request, Response } from 'express';
import { negotiateCsv } from '@app/base';
import { LedgerExport } from './disclosure.response';
import { disclosureView } from './disclosure.view';
import { ledgerCsv } from './domain/ledger-csv';
import { LedgerEntry } from './ledger-entry';

/** The exported ledger as the client asked for it: CSV (attachment) or JSON (documented by LedgerExportSchema). */
export function ledgerExportAnswer(
  personId: string,
  entries: LedgerEntry[],
  format: string | undefined,
  req: Request,
  res: Response,
): string | LedgerExport {
  if (negotiateCsv(req, res, format)) {
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="disclosures-${personId}.csv"`);
    return ledgerCsv(entries);
  }
  return ledgerExportView(personId, entries);
}

/** The JSON form of the export. */
export function ledgerExportView(personId: string, entries: LedgerEntry[], now = new Date()): LedgerExport {
  return {
    personId,
    generatedAt: now.toISOString(),
    services: [...new Set(entries.map((e) => e.service))].sort(),
    items: entries.map(disclosureView),
  };
}
