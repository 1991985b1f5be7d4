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
 * RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled. A field
 * starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe, so a spreadsheet
 * opening the export does not run it as a formula (values come from other services' events).
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The ledger as CSV with a header line, CRLF line ends; `fields` joined by `;`. */
export function ledgerCsv(rows: readonly LedgerCsvRow[]): string {
  const lines = [LEDGER_CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const cells = [
      row.disclosedAt.toISOString(),
      row.service,
      row.recipient.kind,
      row.recipient.id,
      row.fields.join(';'),
      row.basis.kind,
      row.basis.consentId ?? '',
      row.basis.agreementId ?? '',
      row.channel,
      row.purpose,
      row.route ?? '',
      row.id,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
