import { CsvCell, toCsv as csvOf } from '@app/base';

/** CSV of records (RFC 4180, as `@app/base` writes it): a header row of the columns, then one row per record. */
export function toCsv<T extends Record<string, unknown>>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  return csvOf(
    columns,
    rows.map((row) => columns.map((column) => row[column] as CsvCell)),
  );
}
