import { OUTCOMES, type Outcome, type WayOfWorking } from '../../db/rhythm-schema.js';

/**
 * Reading one cell of an imported contact: each function takes the trimmed text and returns the
 * value or a plain-English problem. Cells starting with = + - @ are read as values like any
 * other, never as formulas.
 */

export type Checked<T> = { value: T } | { problem: string };

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

function pad(number: number): string {
  return String(number).padStart(2, '0');
}

/**
 * A date as 2026-03-01 or 01/03/2026 (day first, as in the UK), returned as YYYY-MM-DD; a time
 * of day after it, as some case systems add, is ignored. `label` starts the messages.
 */
export function checkDate(text: string, label: string, today: string): Checked<string> {
  const iso = ISO_DATE.exec(text);
  const uk = iso ? null : UK_DATE.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : undefined;
  if (!parts) return { problem: `${label} must be a date like 2026-03-01 or 01/03/2026` };
  const [year, month, day] = parts.map(Number);
  const lastDay = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (day < 1 || day > lastDay) return { problem: `${label} must be a real date` };
  if (year < 2000 || year > 2099) return { problem: `${label} must be in the years 2000 to 2099` };
  const value = `${year}-${pad(month)}-${pad(day)}`;
  if (value > today) return { problem: `${label} must be today or in the past` };
  return { value };
}

/** 1, 2 or 3 (a leading C, as in C2, is allowed), or null when empty. */
export function checkHighestConversation(text: string): Checked<number | null> {
  if (text === '') return { value: null };
  const match = /^c?([123])$/i.exec(text);
  return match ? { value: Number(match[1]) } : { problem: 'Highest conversation must be 1, 2, 3 or empty' };
}

/** An outcome code in any case, with spaces or hyphens for underscores ("Long term"), or null when empty. */
export function checkOutcome(text: string): Checked<Outcome | null> {
  if (text === '') return { value: null };
  const code = text.toLowerCase().replace(/[\s-]+/g, '_');
  return (OUTCOMES as readonly string[]).includes(code)
    ? { value: code as Outcome }
    : { problem: `Outcome must be one of ${OUTCOMES.join(', ')}, or empty` };
}

export const MAX_HANDOFFS = 1000;

/** A whole number of hand-offs, 0 when empty. */
export function checkHandoffs(text: string): Checked<number> {
  if (text === '') return { value: 0 };
  if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_HANDOFFS)
    return { problem: `Hand-offs must be a whole number from 0 to ${MAX_HANDOFFS}` };
  return { value: Number(text) };
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** Whether a funding panel decided: yes or no (also y/n, true/false, 1/0), no when empty. */
export function checkFundingPanel(text: string): Checked<boolean> {
  const answer = text.toLowerCase();
  if (YES.has(answer)) return { value: true };
  if (NO.has(answer)) return { value: false };
  return { problem: 'Funding panel must be yes or no' };
}

/** The column's precision: numeric(10, 2). */
export const MAX_WEEKLY_COST = '99999999.99';
const AMOUNT = /^(-)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** Pounds a week, with an optional £ and thousands commas, as a numeric string like "1234.50"; null when empty. */
export function checkWeeklyCost(text: string): Checked<string | null> {
  if (text === '') return { value: null };
  const match = AMOUNT.exec(text.replace(/^£\s*-/, '-'));
  if (!match) return { problem: 'Weekly cost must be an amount in pounds, like 245.50 or £1,234.50' };
  const [, minus, whole, pence = ''] = match;
  if (pence.length > 2) return { problem: 'Weekly cost must have no more than 2 decimal places' };
  const pounds = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const value = `${pounds}.${pence.padEnd(2, '0')}`;
  if (minus && Number(value) !== 0) return { problem: 'Weekly cost must be 0 or more' };
  if (pounds.length > 8) return { problem: 'Weekly cost must be £99,999,999.99 or less' };
  return { value };
}

/** Old or new, in any case. */
export function checkWayOfWorking(text: string): Checked<WayOfWorking> {
  const way = text.toLowerCase();
  if (way === 'old' || way === 'new') return { value: way };
  return { problem: text === '' ? 'Enter the way of working: old or new' : 'Way of working must be old or new' };
}

export const MAX_TEAM_LENGTH = 100;

export function checkTeam(text: string): Checked<string> {
  if ([...text].length > MAX_TEAM_LENGTH) return { problem: `Team must be ${MAX_TEAM_LENGTH} characters or fewer` };
  return { value: text };
}
