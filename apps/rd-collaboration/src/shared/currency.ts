import { z } from 'zod';

/** The ISO 4217 codes the runtime's ICU data knows (e.g. CNY, EUR, JPY, KWD); "XYZ" is not one. */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

const CURRENCY_MESSAGE = 'must be an ISO 4217 code such as EUR or CNY';

export function isIsoCurrency(code: string): boolean {
  return ISO_4217.has(code);
}

/** A currency code: three capitals (kept as the OpenAPI pattern) that ISO 4217 actually assigns. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: CURRENCY_MESSAGE, abort: true })
  .refine(isIsoCurrency, { message: CURRENCY_MESSAGE });

/** Digits after the decimal point of the currency's minor unit: JPY 0, CNY/EUR 2, KWD/BHD 3; 2 for a code Intl does not know. */
export function currencyDecimals(currency: string): number {
  if (!isIsoCurrency(currency)) return 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units as "CUR 1,234.56", with the currency's own number of decimals (JPY 1,500; KWD 1.250). */
export function formatMinor(currency: string, amountMinor: number): string {
  const decimals = currencyDecimals(currency);
  const amount = (amountMinor / 10 ** decimals).toLocaleString('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return `${currency} ${amount}`;
}
