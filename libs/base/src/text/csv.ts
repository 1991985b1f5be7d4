/** What a CSV cell can hold; null and undefined are written as an empty field. */
export type CsvCell = string | number | boolean | null | undefined;

/** Spreadsheets run text starting with these as a formula; a leading apostrophe keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quoted when holding a comma, quote or line break (RFC 4180), or a `;`: spreadsheets in locales
 * whose list separator is `;` would split the field there, and `a;=1+1` would become a cell
 * starting with `=` that runs as a formula.
 */
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * One CSV field. Text starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe, so a
 * spreadsheet opening the file does not run it as a formula (CSV injection); numbers and booleans
 * are written as they are. Then quoted, quotes doubled, when it holds `,` `"` `;` CR or LF.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A number written as text (`-3`) runs as nothing but itself: kept as it is.
  if (typeof value === 'string' && FORMULA_START.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (RFC 4180): the header row, then one line per row, every line ending in CRLF. */
export function toCsv(header: readonly CsvCell[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
