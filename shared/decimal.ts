// Exact decimal values as integers in thousandths of a point (milli-points): parsing, formatting, half-up rounding.

/** A score value in thousandths of a point: 17.5 points is 17500. Always a safe non-negative integer. */
export type Milli = number;

/** How many milli-points make one point. */
export const MILLI = 1000;

const DECIMAL_RE = /^(\d{1,12})(?:\.(\d+))?$/;

/** Why a decimal could not be read, in words for the person who wrote it. */
export class DecimalError extends Error {}

/**
 * Reads a non-negative decimal (a JSON number or a decimal string such as "17.5") into milli-points,
 * refusing anything inexact: more than 3 decimals, exponents, negatives, NaN, Infinity.
 */
export function parseMilli(value: unknown): Milli {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalError(`${value} is not a finite number`);
    if (value < 0) throw new DecimalError(`${value} is negative`);
    text = String(value);
    if (/e/i.test(text)) throw new DecimalError(`${text} is out of range`);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    throw new DecimalError(`${JSON.stringify(value) ?? String(value)} is not a number`);
  }
  if (text.startsWith('-')) throw new DecimalError(`${text} is negative`);
  const m = DECIMAL_RE.exec(text);
  if (!m) throw new DecimalError(`"${text}" is not a decimal number`);
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > 3 && /[^0]/.test(frac.slice(3))) {
    throw new DecimalError(`${text} has more than 3 decimals`);
  }
  const milli = Number(whole) * MILLI + Number(frac.slice(0, 3).padEnd(3, '0'));
  if (!Number.isSafeInteger(milli)) throw new DecimalError(`${text} is too large`);
  return milli;
}

/** Writes milli-points as the shortest exact decimal: 85000 → "85", 85500 → "85.5", 85250 → "85.25". */
export function formatMilli(milli: Milli): string {
  const whole = Math.floor(milli / MILLI);
  const frac = String(milli % MILLI).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Writes an integer counted in units of 10^-decimals with exactly that many decimals: (8543, 2) → "85.43". */
export function formatScaled(scaled: number | bigint, decimals: number): string {
  const digits = BigInt(scaled).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return digits;
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * Writes the non-negative fraction num/den as a decimal cut after `digits` decimals, exactly: (251000n, 3000n, 5) →
 * { text: "83.66666", exact: false }; a value that ends sooner is written in full, (261600n, 3000n, 5) → "87.2", exact.
 */
export function formatQuotient(num: bigint, den: bigint, digits: number): { text: string; exact: boolean } {
  if (den <= 0n || num < 0n) throw new RangeError('formatQuotient takes num >= 0 and den > 0');
  const scale = 10n ** BigInt(digits);
  const cut = (num * scale) / den;
  const text = formatScaled(cut, digits);
  const exact = cut * den === num * scale;
  return { text: exact && digits > 0 ? text.replace(/\.?0+$/, '') : text, exact };
}

/** Rounds the non-negative fraction num/den half-up (away from zero) to an integer, exactly. */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n || num < 0n) throw new RangeError('roundHalfUp takes num >= 0 and den > 0');
  return (2n * num + den) / (2n * den);
}

/** Compares num1/den1 with num2/den2 exactly (denominators positive): negative, zero or positive. */
export function compareFractions(num1: bigint, den1: bigint, num2: bigint, den2: bigint): number {
  const left = num1 * den2;
  const right = num2 * den1;
  return left < right ? -1 : left > right ? 1 : 0;
}
