/**
 * SuccessFactors OData v2 sends dates as `/Date(<ms since epoch>[+offset])/`; Integration
 * Center and OData v4 send ISO dates. Returns the calendar date (YYYY-MM-DD, UTC) or null.
 */
export function successFactorsDate(value: string): string | null {
  const odata = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (odata) return new Date(Number(odata[1])).toISOString().slice(0, 10);
  const iso = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!iso) return null;
  return Number.isNaN(Date.parse(iso[1])) ? null : iso[1];
}
