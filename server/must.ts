/**
 * A value the code before has made sure of (a row joined on a key that exists, a date luxon made
 * from a valid one). Named, not asserted with `!`, so that if the reasoning is ever wrong the
 * error says what was missing instead of failing later on `undefined`.
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, but there was none`);
  return value;
}
