/**
 * A person reference is a case-system id or a made-up code, never a name, an NHS number or a
 * date of birth (DOMAIN.md, data minimisation). This catches the likely mistakes and says why.
 */

import { findNames } from '../stories/identifier-names.js';
import { wordKey, wordLists } from '../stories/word-lists.js';

export const PERSON_REFERENCE_MAX = 30;

/**
 * A run of letters in a reference that reads as a name: a given name ("MARY", "mary1"), a word of
 * four letters or more in lower or title case that is not an everyday word ("Jones82"), or one of
 * five or more in capitals ("JONES MARY 1"). Codes are short capitals ("HX", "MOS") or words.
 */
function nameInReference(reference: string): string | undefined {
  const { common, givenNames } = wordLists();
  for (const [run] of reference.matchAll(/\p{L}+/gu)) {
    const key = wordKey(run);
    const letters = [...run].length;
    if (letters >= 3 && givenNames.has(key)) return run;
    if (common.has(key)) continue;
    if (letters >= 4 && run !== run.toUpperCase()) return run;
    if (letters >= 5) return run;
  }
  return undefined;
}

const TITLES = /\b(mr|mrs|ms|miss|mx|dr|prof|sir|lady|lord|rev|nurse)\b\.?\s+\p{L}/iu;
// Two capitalised words in a row ("John Smith", "Seán Ó Briain"); an all-capitals code ("MOS 12") is not one.
const NAME_PAIR = /(^|[^\p{L}])\p{Lu}\p{Ll}+(['’-]\p{Lu}?\p{Ll}+)?\s+\p{Lu}/u;
const DATE_SHAPES = [
  /\b\d{1,2}[/.\s-]\d{1,2}[/.\s-](\d{2}|\d{4})\b/,
  /\b(19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}\b/,
  /\b\d{1,2}(st|nd|rd|th)?\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{2}|\d{4})\b/i,
  /\b(dob|d\.o\.b|born)\b/i,
];
const EMAIL = /\S+@\S+\.\S+/;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
const PHONE = /(^|\D)(\+44\s?|0)7\d{3}\s?\d{6}(\D|$)|(^|\D)0[12]\d{2,3}\s?\d{3}\s?\d{3,4}(\D|$)/;
const ALLOWED = /^[\p{L}\p{N} _./-]+$/u;

/** True for ten digits whose last is the NHS modulus 11 check digit of the first nine. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let total = 0;
  for (let index = 0; index < 9; index += 1) total += Number(digits[index]) * (10 - index);
  const check = 11 - (total % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/**
 * NHS numbers written in a text: ten digits as one, or grouped 3-3-4 with spaces (or hyphens) as the NHS
 * writes them, with no digit either side, that pass the check digit. Digits joined across a hyphen or other characters
 * ("B49-00000000", a case-system reference) are not an NHS number.
 */
export function containsNhsNumber(text: string): boolean {
  for (const match of text.matchAll(/(?<![\d-])(\d{10}|\d{3}( |-)\d{3}\2\d{4})(?![\d-])/g)) {
    if (isNhsNumber(match[1].replace(/[ -]/g, ''))) return true;
  }
  return false;
}

const USE_INSTEAD = 'Use the case system id or a made-up code, like HX-0417';

/** The problem with a person reference, in plain English, or undefined when it is fine. */
export function personReferenceProblem(value: string): string | undefined {
  const reference = value.trim();
  if (!reference) return `Enter a person reference. ${USE_INSTEAD}`;
  if ([...reference].length > PERSON_REFERENCE_MAX) return `Person reference must be ${PERSON_REFERENCE_MAX} characters or fewer`;
  if (EMAIL.test(reference)) return `Person reference looks like an email address, which identifies the person. ${USE_INSTEAD}`;
  if (containsNhsNumber(reference)) return `Person reference looks like an NHS number, which must not be kept here. ${USE_INSTEAD}`;
  if (PHONE.test(reference)) return `Person reference looks like a phone number, which identifies the person. ${USE_INSTEAD}`;
  if (DATE_SHAPES.some((shape) => shape.test(reference)))
    return `Person reference looks like it includes a date of birth, which identifies the person. ${USE_INSTEAD}`;
  if (TITLES.test(reference) || NAME_PAIR.test(reference))
    return `Person reference looks like a name. Never record names here: ${USE_INSTEAD.charAt(0).toLowerCase()}${USE_INSTEAD.slice(1)}`;
  if (POSTCODE.test(reference) && !/\d{3,}/.test(reference))
    return `Person reference looks like a postcode, which helps identify the person. ${USE_INSTEAD}`;
  if (!ALLOWED.test(reference))
    return 'Person reference must only include letters, numbers, spaces, hyphens, full stops, slashes and underscores';
  if (!/\p{N}/u.test(reference)) return `Person reference must include at least one number, so it cannot be a name. ${USE_INSTEAD}`;
  const name = nameInReference(reference);
  if (name)
    return `Person reference looks like it includes a name (“${name}”), even with numbers added. Never record names here: ${USE_INSTEAD.charAt(0).toLowerCase()}${USE_INSTEAD.slice(1)}`;
  return undefined;
}

// A title followed by a capitalised word: "Mrs Patel", "dr. Evans"; not "mr" inside another word.
const NOTE_TITLE = /\b([Mm]rs?|[Mm]s|[Mm]iss|[Mm]x|[Dd]r|MRS?|MS|DR)\b\.?\s+\p{Lu}\p{L}+/u;

/**
 * A huddle note is about what is happening, not who: a title with a name, a given name (other
 * than the team's own), an NHS number, a date of birth, an email address or a phone number in a
 * note is refused. Places and services are not names.
 */
/**
 * `instead`: what to write in place of a name, when a field is not about the person (a guest is
 * described by their job, not by who they are to someone).
 */
export function noteProblem(
  value: string,
  label = 'Note',
  options: { teamNames?: readonly string[]; instead?: string } = {},
): string | undefined {
  const title = NOTE_TITLE.exec(value);
  if (title)
    return `${label} looks like it includes a name (${title[0]}). ${options.instead ?? 'Say who they are to the person instead, like “her daughter”'}`;
  // Given names too ("Gwen’s son Dafydd", "Bethan from the hospital"): the stories' name finder, which knows services and places.
  // The team's own names may appear ("Sam to ring the ward"): notes are the team's working notes.
  const teamWords = new Set((options.teamNames ?? []).flatMap((teamName) => teamName.split(/\s+/)).map(wordKey));
  const name = findNames(value).find(
    (found) =>
      !value
        .slice(found.start, found.end)
        .split(/\s+/)
        .every((word) => teamWords.has(wordKey(word.replace(/['’]s$/, '')))),
  );
  if (name)
    return `${label} looks like it includes a name (${value.slice(name.start, name.end)}). ${options.instead ?? 'Say who they are to the person instead, like “her son” or “the ward nurse”'}`;
  if (containsNhsNumber(value)) return `${label} looks like it includes an NHS number. Use the person reference instead`;
  if (EMAIL.test(value)) return `${label} includes an email address. Leave it out: the case system has contact details`;
  if (PHONE.test(value)) return `${label} includes a phone number. Leave it out: the case system has contact details`;
  if (/\b(dob|d\.o\.b|date of birth|born on)\b/i.test(value))
    return `${label} looks like it includes a date of birth. Leave it out, or say “in their 80s”`;
  return undefined;
}
