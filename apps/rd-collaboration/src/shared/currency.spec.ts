import { currencyDecimals, CurrencySchema, formatMinor, isIsoCurrency } from './currency';
import { MoneySchema } from './money';

describe('currency helper (Intl, ISO 4217)', () => {
  it('accepts assigned ISO 4217 codes and refuses well-shaped codes that are not assigned', () => {
    for (const code of ['CNY', 'EUR', 'JPY', 'KWD', 'BHD', 'USD']) expect(isIsoCurrency(code)).toBe(true);
    for (const code of ['XYZ', 'ABC', 'cny', 'CN', 'EURO', '']) expect(isIsoCurrency(code)).toBe(false);
  });

  it('validates with one message per bad code, also inside Money', () => {
    expect(CurrencySchema.safeParse('JPY').success).toBe(true);
    for (const code of ['XYZ', 'eur', 'EU1']) {
      const result = CurrencySchema.safeParse(code);
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([expect.objectContaining({ message: 'must be an ISO 4217 code such as EUR or CNY' })]);
    }
    const money = MoneySchema.safeParse({ currency: 'XYZ', amountMinor: 100 });
    expect(money.error!.issues.map((i) => i.path.join('.'))).toEqual(['currency']);
  });

  it("knows each currency's minor-unit decimals", () => {
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('CNY')).toBe(2);
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('KWD')).toBe(3);
    expect(currencyDecimals('BHD')).toBe(3);
    expect(currencyDecimals('XYZ')).toBe(2); // unknown (e.g. an old stored code): the common case
  });

  it('formats minor units with the right number of decimals', () => {
    expect(formatMinor('JPY', 1_500_000)).toBe('JPY 1,500,000');
    expect(formatMinor('CNY', 12_000_000)).toBe('CNY 120,000.00');
    expect(formatMinor('KWD', 1_250)).toBe('KWD 1.250');
    expect(formatMinor('BHD', 7)).toBe('BHD 0.007');
    expect(formatMinor('EUR', 0)).toBe('EUR 0.00');
  });
});
