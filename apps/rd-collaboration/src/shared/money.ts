import { z } from 'zod';
import { CurrencySchema } from './currency';

/** ISO 4217 code and an amount in integer minor units; floats are refused at the door. */
export const MoneySchema = z.strictObject({
  currency: CurrencySchema,
  amountMinor: z
    .number()
    .int('must be an integer number of minor units (e.g. cents), never a fraction')
    .min(0)
    .max(Number.MAX_SAFE_INTEGER),
});

export type Money = z.infer<typeof MoneySchema>;

export const CalendarDate = z.iso.date();

export const boundedText = (max: number) => z.string().trim().min(1).max(max);
export const IdSchema = z.string().min(1).max(100);
