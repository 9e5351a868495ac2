import { DateTime } from 'luxon';
import type { Request } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import { must } from '../must.js';

/** Validation errors shaped for the GOV.UK error summary and error messages. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, string>;
}

export class FormErrorsBuilder {
  private readonly errors: FormErrors = { summary: [], fields: {} };

  /** `field` is the form field's name; `anchor` the id the summary links to, when it differs. */
  add(field: string, text: string, anchor: string = field): void {
    if (this.errors.fields[field]) return;
    this.errors.fields[field] = text;
    this.errors.summary.push({ text, href: `#${anchor}` });
  }

  get any(): boolean {
    return this.errors.summary.length > 0;
  }

  result(): FormErrors | undefined {
    return this.any ? this.errors : undefined;
  }

  /** The errors for a form with one thing wrong, found after its fields were checked (a name already taken). */
  static one(field: string, text: string, anchor: string = field): FormErrors {
    const errors = new FormErrorsBuilder();
    errors.add(field, text, anchor);
    return errors.errors;
  }
}

export type Body = Record<string, unknown>;

// Control characters other than tab and new lines never belong in what people type,
// and PostgreSQL refuses NUL in text.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** One text field from a urlencoded body: always a string, NFC-normalised, without control characters. */
export function text(body: Body | undefined, name: string, options: { multiline?: boolean } = {}): string {
  let value = body?.[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return '';
  const cleaned = value.normalize('NFC').replace(CONTROL, '');
  return options.multiline ? cleaned.replace(/\r\n?/g, '\n').trim() : cleaned.replace(/[\r\n\t]+/g, ' ').trim();
}

/** A field that may repeat, such as a group of checkboxes. */
export function list(body: Body | undefined, name: string): string[] {
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/** Length as a person counts it: one for each character, whatever its encoding. */
export function characterCount(value: string): number {
  return [...value].length;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month as a number, a name or its first three letters (and "Sept"), as the Design System advises. */
function monthNumber(value: string): number | undefined {
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const typed = value.toLowerCase();
  const index = MONTHS.findIndex((month) => month === typed || month.slice(0, 3) === typed || (month === 'september' && typed === 'sept'));
  return index >= 0 ? index + 1 : undefined;
}

export interface DateInputValue {
  day: string;
  month: string;
  year: string;
}

export function dateInputValue(body: Body | undefined, name: string): DateInputValue {
  return { day: text(body, `${name}-day`), month: text(body, `${name}-month`), year: text(body, `${name}-year`) };
}

export function dateInputFromIso(date: IsoDate | null | undefined): DateInputValue {
  if (!date) return { day: '', month: '', year: '' };
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/**
 * Reads a GOV.UK date input (name-day, name-month, name-year) and reports problems in the
 * Design System's words. `label` is how the message names the date, e.g. "Go-live date".
 */
export function parseDateInput(
  value: DateInputValue,
  label: string,
  errors: FormErrorsBuilder,
  field: string,
  options: { required?: boolean } = { required: true },
): IsoDate | undefined {
  const parts = { day: value.day, month: value.month, year: value.year };
  const missing = (Object.keys(parts) as (keyof DateInputValue)[]).filter((part) => parts[part] === '');
  if (missing.length === 3) {
    if (options.required !== false) errors.add(field, `Enter the ${label.toLowerCase()}`, `${field}-day`);
    return undefined;
  }
  if (missing.length > 0) {
    errors.add(field, `${label} must include a ${missing.join(' and ')}`, `${field}-${missing[0]}`);
    return undefined;
  }
  if (!/^\d{4}$/.test(parts.year)) {
    errors.add(field, 'Year must include 4 numbers', `${field}-year`);
    return undefined;
  }
  const month = monthNumber(parts.month);
  const date =
    /^\d{1,2}$/.test(parts.day) && month ? DateTime.fromObject({ year: Number(parts.year), month, day: Number(parts.day) }) : undefined;
  if (!date?.isValid) {
    errors.add(field, `${label} must be a real date`, `${field}-day`);
    return undefined;
  }
  if (date.year < 2000 || date.year > 2099) {
    errors.add(field, `${label} must be between 2000 and 2099`, `${field}-year`);
    return undefined;
  }
  return must(date.toISODate(), 'a valid date');
}

/** The version a form says it started from; a missing or garbled one cannot be proved current, so it is stale (-1). */
export function versionFrom(body: Body | undefined): number {
  const value = body?.version;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

/** A request's form fields: what the body parser read, or none (a GET, a body of another type). */
export function bodyOf(req: Request): Body {
  const body: unknown = req.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {};
}
