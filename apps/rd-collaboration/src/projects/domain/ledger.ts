/**
 * The contributions ledger (ADR 0028). Pledges are what each side commits in the project
 * agreement; deliveries are what actually arrived. The ledger BALANCES when the pledges of both
 * sides add up exactly to the project budget, all in the budget's currency, and no pledge is
 * delivered beyond what was pledged. Amounts are integers in minor units; no floats anywhere.
 */
export const SIDES = ['enterprise', 'school'] as const;
export type Side = (typeof SIDES)[number];
export const CONTRIBUTION_KINDS = ['funding', 'equipment', 'staff-hours'] as const;
export const CONTRIBUTION_FORMS = ['cash', 'in-kind'] as const;

export interface Amount {
  currency: string;
  amountMinor: number;
}

export interface Pledge {
  pledgeId: string;
  side: Side;
  kind: (typeof CONTRIBUTION_KINDS)[number];
  form: (typeof CONTRIBUTION_FORMS)[number];
  amount: Amount;
  description: string;
}

export interface Delivery {
  contributionId: string;
  pledgeId: string;
  amount: Amount;
  deliveredOn: string;
}

export class LedgerError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws LedgerError unless every pledge is in the budget's currency and they sum to the budget exactly. */
export function assertPledgesBalance(budget: Amount, pledges: readonly Pledge[]): void {
  pledges.forEach((pledge, i) => {
    if (pledge.amount.currency !== budget.currency) {
      throw new LedgerError(`pledges.${i}.amount.currency`, `must be ${budget.currency}, the budget's currency`);
    }
  });
  const total = sum(pledges.map((p) => p.amount.amountMinor));
  if (total !== budget.amountMinor) {
    throw new LedgerError(
      'pledges',
      `the ledger does not balance: pledges add up to ${total} minor units of ${budget.currency}, the budget is ${budget.amountMinor}`,
    );
  }
}

/** Throws LedgerError if the delivery is not in the currency of its pledge or would exceed what is left of it. */
export function assertDeliveryFits(pledge: Pledge, earlier: readonly Delivery[], amount: Amount): void {
  if (amount.currency !== pledge.amount.currency)
    throw new LedgerError('amount.currency', `must be ${pledge.amount.currency}, the pledge's currency`);
  const delivered = sum(earlier.filter((d) => d.pledgeId === pledge.pledgeId).map((d) => d.amount.amountMinor));
  if (delivered + amount.amountMinor > pledge.amount.amountMinor) {
    throw new LedgerError(
      'amount.amountMinor',
      `the ledger would not balance: pledge ${pledge.pledgeId} is ${pledge.amount.amountMinor}, ${delivered} already delivered, ${amount.amountMinor} more exceeds it`,
    );
  }
}

export interface SideSummary {
  side: Side;
  pledgedMinor: number;
  deliveredMinor: number;
  outstandingMinor: number;
  cashMinor: number;
  inKindMinor: number;
}

export function ledgerSummary(budget: Amount, pledges: readonly Pledge[], deliveries: readonly Delivery[]) {
  const sides = SIDES.map((side): SideSummary => {
    const own = pledges.filter((p) => p.side === side);
    const ownIds = new Set(own.map((p) => p.pledgeId));
    const delivered = deliveries.filter((d) => ownIds.has(d.pledgeId));
    const pledgedMinor = sum(own.map((p) => p.amount.amountMinor));
    const deliveredMinor = sum(delivered.map((d) => d.amount.amountMinor));
    const formOf = new Map(own.map((p) => [p.pledgeId, p.form]));
    return {
      side,
      pledgedMinor,
      deliveredMinor,
      outstandingMinor: pledgedMinor - deliveredMinor,
      cashMinor: sum(delivered.filter((d) => formOf.get(d.pledgeId) === 'cash').map((d) => d.amount.amountMinor)),
      inKindMinor: sum(delivered.filter((d) => formOf.get(d.pledgeId) === 'in-kind').map((d) => d.amount.amountMinor)),
    };
  });
  const pledgedTotal = sum(sides.map((s) => s.pledgedMinor));
  return {
    currency: budget.currency,
    budgetMinor: budget.amountMinor,
    balanced: pledgedTotal === budget.amountMinor,
    fullyDelivered: sides.every((s) => s.outstandingMinor === 0),
    sides,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
