import { toCsv } from '@app/base';

/** The columns of a ledger export, in order (data subject access request). */
export const LEDGER_CSV_COLUMNS = [
  'disclosedAt',
  'service',
  'recipientKind',
  'recipientId',
  'fields',
  'basis',
  'consentId',
  'agreementId',
  'channel',
  'purpose',
  'route',
  'disclosureId',
] as const;

export interface LedgerCsvRow {
  disclosedAt: Date;
  service: string;
  recipient: { kind: string; id: string };
  fields: string[];
  basis: { kind: string; consentId?: string; agreementId?: string };
  channel: string;
  purpose: string;
  route?: string;
  id: string;
}

/**
 * The ledger as CSV with a header line, CRLF line ends; `fields` joined by `;` (so quoted, see
 * `csvField`). Values come from other services' events: `csvField` keeps formula-like text as text.
 */
export function ledgerCsv(rows: readonly LedgerCsvRow[]): string {
  return toCsv(
    LEDGER_CSV_COLUMNS,
    rows.map((row) => [
      row.disclosedAt.toISOString(),
      row.service,
      row.recipient.kind,
      row.recipient.id,
      row.fields.join(';'),
      row.basis.kind,
      row.basis.consentId,
      row.basis.agreementId,
      row.channel,
      row.purpose,
      row.route,
      row.id,
    ]),
  );
}
