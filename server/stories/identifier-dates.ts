/**
 * The identifier check's ages and dates: exact ages of 90 and over (few people are that old, so
 * an exact age narrows things down) and dates that look like dates of birth. Dates of things that
 * happened ("on 3 March", "12/03/2026") are fine.
 */
import type { Candidate } from './identifiers.js';

// 90 and over is the band de-identification usually groups together ("in her 90s"); past 125 a number is not an age.
const YOUNGEST = 90;
const OLDEST = 125;
const UNITS = String.raw`(?![.,]\d|[ \t]{0,2}(?:%|per\b|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|miles?|metres?|meters?|km|kg|kilos?|stone|pounds?|pence|p\b|times|degrees|am\b|pm\b|o['’]clock|steps|feet|ft|mph|:|\.\d))`;
// After "she is 94" comes the end of a clause, not a noun ("they are 92 people on the list").
const CLAUSE_END = String.raw`(?![.,]\d)(?=[ \t]{0,2}(?:[.,;:!?)\]"'’”\r\n—–-]|$|(?:and|but|or|so|next|this|now|years?|yrs?|in|on|at|when|last|today|soon|later|with|who|although|though|if|because|since|yet|already)\b))`;
const SUBJECT = String.raw`(?:she|he|they|who|i|mum|dad|nan|gran|husband|wife|mother|father)`;
const VERB = String.raw`(?:['’]s|['’]ll[ \t]be|[ \t]{1,3}(?:is|was|are|were|turned|turns|will[ \t]be|is[ \t]now|was[ \t]now|has[ \t](?:just[ \t])?turned|had[ \t](?:just[ \t])?turned|would[ \t]have[ \t]been))`;
// An age as digits ("97") or in words ("ninety-seven", "a hundred and two"), read by ageValue.
const UNIT_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
const TEEN_WORDS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const NUMBER = String.raw`(\d{2,3}|ninety(?:[ \t\u2010-]{1,2}(?:${UNIT_WORDS}))?|(?:a|one)[ \t]hundred(?:[ \t](?:and[ \t])?(?:${TEEN_WORDS}|twenty(?:[ \t\u2010-]{1,2}(?:${UNIT_WORDS}))?|${UNIT_WORDS}))?)`;
const WORD_VALUES: Record<string, number> = Object.fromEntries(
  [...UNIT_WORDS.split('|'), ...TEEN_WORDS.split('|')].map((word, index) => [word, index + 1]),
);

/** The number an age's digits or words say: "97", "ninety-seven", "a hundred and two". */
function ageValue(written: string): number {
  if (/^\d+$/.test(written)) return Number(written);
  const words = written
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word && word !== 'and' && word !== 'a');
  let value = 0;
  for (const word of words) {
    if (word === 'hundred') value = (value || 1) * 100;
    else if (word === 'ninety') value += 90;
    else if (word === 'twenty') value += 20;
    else value += WORD_VALUES[word] ?? 0;
  }
  return value;
}

const AGE_SHAPES = [
  // "aged 93", "age: 93", "at the age of 93", "aged ninety-three"
  new RegExp(String.raw`\b(?:aged?:?|age[ \t]of)[ \t]{0,3}${NUMBER}\b${UNITS}`, 'giu'),
  // "93-year-old", "93 years old", "93yo", "ninety-three-year-old"
  new RegExp(String.raw`\b${NUMBER}[ \t\u2010-]{0,2}(?:(?:years?|yrs?)[ \t\u2010-]{0,2}old|y\.?o\b\.?)`, 'giu'),
  // "she is 94", "he's 95", "who turned 91", "she is ninety-four"
  new RegExp(String.raw`\b${SUBJECT}${VERB}[ \t]{1,3}${NUMBER}\b${CLAUSE_END}`, 'giu'),
  // "turned 95", "her 94th birthday"
  new RegExp(String.raw`\bturn(?:ed|s|ing)[ \t]{1,3}${NUMBER}\b${CLAUSE_END}`, 'giu'),
  new RegExp(String.raw`\b(\d{2,3})(?:st|nd|rd|th)[ \t]{1,3}birthday`, 'giu'),
  // "living alone at 97", "at ninety-seven she still walks": "at" and an age ending a clause or
  // going on to what the person does ("at 97 she", "at 97, he")
  new RegExp(
    String.raw`\bat[ \t]{1,3}${NUMBER}(?=[ \t]{0,2}(?:[.,;:!?)\]"'’”\r\n—–]|$|(?:she|he|they|years?|yrs?|and|but|is|was|still)\b))`,
    'giu',
  ),
  // "ninety-seven" on its own is an age in a story far more often than anything else
  new RegExp(
    String.raw`\bninety[ \t\u2010-]{1,2}(?:${UNIT_WORDS})\b(?![ \t]{0,2}(?:%|per\b|percent|minutes?|mins?|hours?|days?|weeks?|months?|people|times|pounds?|miles?|pence|calls?|referrals?|contacts?))`,
    'giu',
  ),
  // Set off after a word: "her mum, 91, still walks", "Mrs Okafor (93)"
  /(?<=\p{L}),[ \t]{1,2}(\d{2,3}),/gu,
  /(?<=\p{L})[ \t]{1,2}\((\d{2,3})\)/gu,
];

function ageBand(text: string, before: string): string {
  const context = `${before} ${text}`.toLowerCase();
  const whose = /\b(she|her|mrs|ms|miss|woman|lady|mum|nan|gran|wife|mother)\b/.test(context)
    ? 'her'
    : /\b(he|his|mr|man|gentleman|dad|husband|father)\b/.test(context)
      ? 'his'
      : 'their';
  return `in ${whose} 90s`;
}

function* ages(text: string): Generator<Candidate> {
  for (const shape of AGE_SHAPES) {
    for (const match of text.matchAll(shape)) {
      const age = ageValue(match[1] ?? match[0]);
      if (age < YOUNGEST || age > OLDEST) continue;
      const before = text.slice(Math.max(0, match.index - 40), match.index);
      yield {
        kind: 'age',
        start: match.index,
        end: match.index + match[0].length,
        why: 'Few people are 90 or over, so an exact age helps recognise the person.',
        instead: age >= 100 ? 'Say “over 90” or “very old”, without the exact age.' : `Give a band, like “${ageBand(match[0], before)}”.`,
      };
    }
  }
}

const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)`;
const DAY = String.raw`[0-3]?\d(?:st|nd|rd|th)?`;
// Each date shape names its year group, so the year can be judged.
const NUMERIC = String.raw`[0-3]?\d[/\-][01]?\d[/\-](?<y1>\d{4}|\d{2})|[0-3]?\d\.[01]?\d\.(?<y2>\d{4})|(?<y3>\d{4})-[01]\d-[0-3]\d`;
const WORDY = String.raw`${DAY}[ \t]{1,3}(?:of[ \t]{1,3})?${MONTH},?[ \t]{1,3}(?<y4>\d{4})|${MONTH}[ \t]{1,3}${DAY},?[ \t]{1,3}(?<y5>\d{4})`;
const FULL_DATE = new RegExp(String.raw`(?<![\p{L}\p{N}/.\-])(?:${NUMERIC}|${WORDY})(?![\p{L}\p{N}]|[/\-]\d)`, 'giu');
// After "born" or "date of birth", a day and month, a month and year, or a year will do.
const LABELLED = new RegExp(
  String.raw`\b(?:born|d\.?o\.?b\.?|date[ \t]of[ \t]birth|birth[ \t]?date|birthday)(?:[ \t:,\-]{1,3}(?:(?:is|was|on|in|of)[ \t]{1,3}){0,2})` +
    String.raw`(?:${NUMERIC.replace(/\?<y\d>/g, '')}|${WORDY.replace(/\?<y\d>/g, '')}|${DAY}[ \t]{1,3}(?:of[ \t]{1,3})?${MONTH}|${MONTH}[ \t]{1,3}(?:${DAY}|\d{4})|(?:19|20)\d{2})(?![\p{L}\p{N}])`,
  'giu',
);

function birthYearCutoff(): number {
  // Adults only: a full date at least 16 years back is far more likely a birth than an event.
  return new Date().getFullYear() - 16;
}

function fullYear(written: string): number {
  if (written.length === 4) return Number(written);
  const twoDigits = Number(written);
  return twoDigits > new Date().getFullYear() % 100 ? 1900 + twoDigits : 2000 + twoDigits;
}

function* birthDates(text: string): Generator<Candidate> {
  const why = 'A date of birth, with anything else in the story, can identify the person.';
  const instead = 'Leave it out, or give an age band, like “in her 80s”.';
  for (const match of text.matchAll(LABELLED)) {
    yield { kind: 'date-of-birth', start: match.index, end: match.index + match[0].length, why, instead };
  }
  for (const match of text.matchAll(FULL_DATE)) {
    const written = Object.values(match.groups ?? {}).find((year) => year !== undefined);
    if (!written) continue;
    const year = fullYear(written);
    if (year < 1900 || year > birthYearCutoff()) continue;
    yield { kind: 'date-of-birth', start: match.index, end: match.index + match[0].length, why, instead };
  }
}

/** Exact ages of 90 and over, and likely dates of birth in `text`, overlapping freely. */
export function findAgesAndBirthDates(text: string): Candidate[] {
  return [...ages(text), ...birthDates(text)];
}
