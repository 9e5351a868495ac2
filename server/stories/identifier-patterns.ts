/**
 * The identifier check's contact details and numbers: email addresses, phone numbers, NHS
 * numbers, postcodes, street addresses and case-system ids. Repeats are bounded so each pattern
 * stays linear however long the text.
 */
import { isNhsNumber } from '../contacts/person-reference.js';
import type { Candidate } from './identifiers.js';

const LEAVE_OUT_CONTACT = 'Leave it out: the case system has the contact details, and the story does not need them.';

function* emails(text: string): Generator<Candidate> {
  const local = /[\p{L}\p{M}\p{N}._%+'’-]/u;
  const domain = /[\p{L}\p{M}\p{N}.-]/u;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && local.test(text[start - 1])) start -= 1;
    let end = at + 1;
    while (end < text.length && end - at < 254 && domain.test(text[end])) end += 1;
    while (end > at + 1 && /[.-]/.test(text[end - 1])) end -= 1;
    while (start < at && /[.'’-]/.test(text[start])) start += 1;
    if (start === at || !/\.[\p{L}]{2,}$/u.test(text.slice(at + 1, end))) continue;
    yield { kind: 'email', start, end, why: 'An email address leads straight to the person or their family.', instead: LEAVE_OUT_CONTACT };
  }
}

// A run that starts like a UK number; `phoneLength` decides how much of it is one.
const PHONE_RUN = /(?<![\p{L}\p{N}+])(?:\+44[ \t-]?(?:\(0\)[ \t-]?)?|\(0|0)\d[\d \t()-]{7,18}/u;

/** How many characters of `run` are a UK landline or mobile number, or 0 if none are. */
function phoneLength(run: string): number {
  const international = run.startsWith('+44');
  let national = '';
  const index = international ? 3 : 0;
  let end = 0;
  for (const group of run.slice(index).matchAll(/\(0\)|\d+/g)) {
    const groupEnd = index + group.index + group[0].length;
    if (group[0] === '(0)') continue;
    const separator = run.slice(end || index, index + group.index);
    if (end && !/^[ \t()-]{1,3}$/.test(separator)) break;
    const digits = !international && national === '' ? group[0].slice(1) : group[0];
    if (national.length + digits.length > 10) break;
    if (end && group[0].length < 2) break;
    national += digits;
    end = groupEnd;
    if (national.length === 10) break;
  }
  // 01 and 02 numbers are geographic, 07 mobile; 03, 08 and 09 belong to organisations.
  return national.length === 10 && /^(?:[12]|7[1-9])/.test(national) ? end : 0;
}

function* phones(text: string): Generator<Candidate> {
  // Not matchAll: a run can reach into the next number, which must still be found.
  const run = new RegExp(PHONE_RUN.source, 'gu');
  for (let match = run.exec(text); match; match = run.exec(text)) {
    const length = phoneLength(match[0]);
    run.lastIndex = match.index + Math.max(length, 1);
    if (length === 0 || /\d/.test(text[match.index + length] ?? '')) continue;
    yield {
      kind: 'phone',
      start: match.index,
      end: match.index + length,
      why: 'A phone number leads straight to the person or their family.',
      instead: LEAVE_OUT_CONTACT,
    };
  }
}

function* nhsNumbers(text: string): Generator<Candidate> {
  for (const match of text.matchAll(/(?<!\d[ \t-]?)\d{3}[ \t-]?\d{3}[ \t-]?\d{4}(?![ \t-]?\d)/g)) {
    if (!isNhsNumber(match[0].replace(/[ \t-]/g, ''))) continue;
    yield {
      kind: 'nhs-number',
      start: match.index,
      end: match.index + match[0].length,
      why: 'An NHS number identifies the person exactly.',
      instead:
        'Leave it out. To link the story to the person, the team can add the contact record’s person reference, which experts by experience never see.',
    };
  }
}

// In capitals anywhere; in any case straight after the word "postcode".
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}\b/g;
const LABELLED_POSTCODE = /\bpost[ \t]?code(?:[ \t]is|:)?[ \t]{1,3}([a-z]{1,2}\d[a-z\d]?[ \t]?\d[abd-hjlnp-uw-z]{2})\b/dgi;

function* postcodes(text: string): Generator<Candidate> {
  const spans = [...text.matchAll(POSTCODE)].map((match) => [match.index, match.index + match[0].length]);
  for (const match of text.matchAll(LABELLED_POSTCODE)) if (match.indices?.[1]) spans.push(match.indices[1]);
  for (const [start, end] of spans) {
    yield {
      kind: 'postcode',
      start,
      end,
      why: 'A full postcode covers a handful of homes, so it can point to the person.',
      instead: 'Describe the area loosely, like “on the east side of town” or “a village near the town”.',
    };
  }
}

const WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]{0,30}`;
const SUFFIX = String.raw`(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Grove|Gardens|Terrace|Walk|Row|Hill|Square|Mews|Rise|View|Park|Green|Parade|Vale|Chase|Croft|Meadows?|Fields|Mount|Wharf|Heights|Boulevard)`;
const STREET_SUFFIX = '(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Terrace|Gardens|Mews|Grove)';
const ADDRESS_SHAPES = [
  // "12 Acacia Road", "14a, Larch Close"
  new RegExp(String.raw`\b\d{1,4}[A-Za-z]?,?[ \t]{1,3}(?:${WORD}[ \t]{1,3}){1,3}${SUFFIX}\b`, 'gu'),
  // Typed in lower case: "43 acacia rd" (not "close" or "drive": "2 close friends", "a 3 hour drive")
  /\b\d{1,4}[a-z]?,?[ \t]{1,3}(?:(?!(?:the|a|an|and|or|of|to|in|on|at|by|for|from|with|down|up|along|across|off|onto|into|over|near|past|this|that|my|his|her|their|our|your|main|same|other|next|busy|quiet)\b)[a-z][a-z'’-]{0,30}[ \t]{1,3}){1,2}(?:road|rd|street|avenue|ave|lane|crescent|terrace|gardens|grove|mews)\b/g,
  // "Flat 3, Harbour View", "Apartment 12"
  new RegExp(
    String.raw`\b(?:Flat|Apartment|Apt|Maisonette)\.?[ \t]{1,3}(?:No\.?[ \t]?)?\d{1,4}[A-Za-z]?\b(?:,?[ \t]{1,3}${WORD}(?:[ \t]${WORD}){0,3})?`,
    'gu',
  ),
  // A named street without a number: "on Larch Close"
  new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}])(?:${WORD}[ \t]{1,2}){1,2}${STREET_SUFFIX}\b`, 'gu'),
];
// Every town has these, and sentence openings are not street names.
const NOT_A_STREET = /^(?:High|Main|The|A|An|And|But|Or|So|Very|Too|At|On|In|Of|To|By|From|Near|Off|Up|Down)\b/;

function* addresses(text: string): Generator<Candidate> {
  for (const [index, shape] of ADDRESS_SHAPES.entries()) {
    for (const match of text.matchAll(shape)) {
      let start = match.index;
      if (index === 3 && NOT_A_STREET.test(match[0])) {
        // "Down Larch Close": the street is what follows the opening word, if anything does.
        const rest = /^\S+[ \t]{1,2}(?=\S+[ \t]{1,2}\S)/u.exec(match[0]);
        if (!rest || NOT_A_STREET.test(match[0].slice(rest[0].length))) continue;
        start += rest[0].length;
      }
      yield {
        kind: 'address',
        start,
        end: match.index + match[0].length,
        why: 'A street or home address points to where the person lives.',
        instead: 'Describe it loosely, like “a street near the town centre” or “a flat on a small estate”.',
      };
    }
  }
}

const CASE_WHY = 'A case-system number identifies the person to anyone with access to the records.';
const CASE_INSTEAD =
  'Leave it out. The team can link the story to the contact record’s person reference, which experts by experience never see.';
// Letters then at least four digits: "HX-0417", "MOS123456"; not "FY2024" or "COVID-19".
const CODE = /\b([A-Z]{1,4})[-/]?\d{4,10}[A-Z]?\b/g;
const NOT_A_CODE = new Set(['FY', 'AD', 'BC', 'CE', 'Q', 'ISO', 'BS', 'EN']);
const LABELLED_NUMBER =
  /\b(?:case|nhs|client|person|ref|reference|record|file|id|mosaic|liquidlogic|lcs|eclipse|systmone|emis)(?:[ \t]{1,3}(?:no|number|ref|reference|id))?\.?(?:[ \t]{1,3}(?:is|was))?[ \t]{0,3}[:#]?[ \t]{0,3}(\d{5,12})\b/dgi;

function* caseIds(text: string): Generator<Candidate> {
  for (const match of text.matchAll(CODE)) {
    if (NOT_A_CODE.has(match[1])) continue;
    yield { kind: 'case-id', start: match.index, end: match.index + match[0].length, why: CASE_WHY, instead: CASE_INSTEAD };
  }
  for (const match of text.matchAll(LABELLED_NUMBER)) {
    const span = match.indices?.[1];
    if (!span) continue;
    const [start, end] = span;
    yield { kind: 'case-id', start, end, why: CASE_WHY, instead: CASE_INSTEAD };
  }
}

/** Contact details and reference numbers in `text`, overlapping freely (the caller resolves). */
export function findContactDetails(text: string): Candidate[] {
  return [...emails(text), ...phones(text), ...nhsNumbers(text), ...postcodes(text), ...addresses(text), ...caseIds(text)];
}
