// Numbers and amounts as people type them: "7200", "7,200.50", "7 200", "7200 EUR", "EUR 7,200".

const plain = /^-?\d+(\.\d+)?$/;
const grouped = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

export function parseAmount(text: string): number | undefined {
  const compact = text.trim().replace(/[\s\u00a0\u202f_]/g, '');
  if (compact.length > 30) return undefined;
  if (plain.test(compact)) return Number(compact);
  if (grouped.test(compact)) return Number(compact.replace(/,/g, ''));
  return undefined;
}

export function parseMoney(raw: unknown, currencies: readonly string[]): { amount: number; currency: string } | { error: string } {
  const fallback = currencies[0] ?? 'EUR';
  let amountText: unknown;
  let currency: string = fallback;
  if (typeof raw === 'number') amountText = String(raw);
  else if (typeof raw === 'string') {
    // bound the input before any pattern sees it: amounts are short, and long input would make
    // the pattern below backtrack for seconds inside a write transaction
    if (raw.length > 40) return { error: `Enter an amount such as 1200.50 ${fallback}.` };
    const m = /^\s*([A-Za-z]{3})?\s*([^A-Za-z]+?)\s*([A-Za-z]{3})?\s*$/.exec(raw);
    if (!m || (m[1] && m[3])) return { error: `Enter an amount such as 1200.50 ${fallback}.` };
    amountText = m[2];
    currency = (m[1] ?? m[3] ?? fallback).toUpperCase();
  } else if (raw !== null && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    amountText = typeof o.amount === 'number' ? String(o.amount) : o.amount;
    if (typeof o.currency === 'string' && o.currency.trim() !== '') currency = o.currency.trim().toUpperCase();
  }
  const amount = typeof amountText === 'string' ? parseAmount(amountText) : undefined;
  if (amount === undefined || !Number.isFinite(amount)) return { error: `Enter an amount such as 1200.50 ${fallback}.` };
  if (!currencies.includes(currency)) return { error: `Currency must be one of ${currencies.join(', ')}.` };
  return { amount: Math.round(amount * 100) / 100, currency };
}
