/**
 * The identifier check's names: a title and a name ("Mrs Okafor"), a known given name ("Janet",
 * and "Rose" mid-sentence), or a capitalised word mid-sentence that is not an everyday word,
 * service, day or place ("Pritchard"). Neighbouring name words join into one finding.
 */
import type { Candidate } from './identifiers.js';
import { wordKey, wordLists, type WordLists } from './word-lists.js';

// Letters (with accents, as composed or combining marks) and digits, joined by ' ’ or hyphens.
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’ʼ\-‐][\p{L}\p{M}\p{N}]+)*/gu;
const STRONG_TITLES = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Miss',
  'Mx',
  'Dr',
  'Prof',
  'Professor',
  'Cllr',
  'Councillor',
  'MR',
  'MRS',
  'MS',
  'MISS',
  'MX',
  'DR',
]);
const WEAK_TITLES = new Set([
  'Sir',
  'Dame',
  'Lady',
  'Lord',
  'Rev',
  'Revd',
  'Reverend',
  'Father',
  'Sister',
  'Brother',
  'Nurse',
  'Imam',
  'Rabbi',
  'Pastor',
  'Auntie',
  'Aunty',
  'Aunt',
  'Uncle',
  'Nan',
  'Nana',
  'Nanna',
  'Gran',
  'Granny',
  'Grandma',
  'Grandad',
  'Grandpa',
]);
const PARTICLES = new Set([
  'ap',
  'ab',
  'ferch',
  'de',
  'da',
  'di',
  'du',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'bin',
  'ibn',
  'bint',
  'al',
  'el',
  'ó',
  'ní',
  'nic',
  'mac',
  'mc',
]);
// Months and seasons that are also given names: after these words (or beside a number) they are dates.
const DATE_NAMES = new Set(['april', 'may', 'june', 'august', 'jan', 'summer']);
const DATE_CUES = new Set([
  'in',
  'on',
  'of',
  'since',
  'until',
  'till',
  'by',
  'from',
  'during',
  'through',
  'throughout',
  'last',
  'next',
  'early',
  'late',
  'mid',
  'end',
  'beginning',
  'start',
  'this',
  'every',
  'each',
  'before',
  'after',
  'between',
  'around',
  'the',
  'into',
  'over',
  'all',
  'that',
]);
// Title case leaves these small words in lower case: "What Mattered to Her".
const HEADING_SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'by',
  'from',
  'as',
]);
const PERSON_VERBS =
  /^[ \t\u00a0]{1,2}(?:said|says|rang|rings|told|tells|called|phoned|visited|visits|came|comes|lives|lived|asked|wanted|wants|went|and[ \t](?:his|her)\b)/;
const ADJACENT = /^[ \t\u00a0]{1,2}$/;
const SENTENCE_END = /[.!?…:;>\r\n\u2028\u2029]/;

interface Token {
  start: number;
  /** End without a possessive: "Jane's" ends after "Jane". */
  end: number;
  /** End as written, possessive and all. */
  rawEnd: number;
  word: string;
  key: string;
  capitalised: boolean;
  /** Could be part of a name: capitalised, not an acronym, service or place, and a given name or not an everyday word. */
  nameLike: boolean;
  given: boolean;
  common: boolean;
  sentenceStart: boolean;
}

function isCommon(key: string, lists: WordLists): boolean {
  if (lists.common.has(key) || lists.notNames.has(key)) return true;
  const singular = key.endsWith('ies') ? `${key.slice(0, -3)}y` : key.endsWith('s') ? key.slice(0, -1) : '';
  return singular !== '' && (lists.common.has(singular) || lists.notNames.has(singular));
}

function tokens(text: string, lists: WordLists): Token[] {
  const known = new Uint8Array(text.length);
  for (const phrase of lists.notNamePhrases ? text.matchAll(lists.notNamePhrases) : [])
    known.fill(1, phrase.index, phrase.index + phrase[0].length);
  const found: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(TOKEN)) {
    const possessive = /['’ʼ]s$/i.test(match[0]) && match[0].length > 3 ? 2 : 0;
    const word = match[0].slice(0, match[0].length - possessive);
    const key = wordKey(word);
    const parts = key.split(/[-‐]/);
    const capitalised = /^[\p{Lu}\p{Lt}]/u.test(word);
    // "NHS", "GP", and plurals like "OTs".
    const acronym = word.length > 1 && (word === word.toUpperCase() || /^\p{Lu}{2,}s$/u.test(word));
    const given = parts.some((part) => lists.givenNames.has(part));
    const common = parts.every((part) => isCommon(part, lists)) || isCommon(key, lists);
    const service = known[match.index] === 1 || lists.notNames.has(key) || parts.every((part) => lists.notNames.has(part));
    const gap = text.slice(previousEnd, match.index);
    found.push({
      start: match.index,
      end: match.index + word.length,
      rawEnd: match.index + match[0].length,
      word,
      key,
      capitalised,
      nameLike:
        capitalised &&
        !acronym &&
        !service &&
        !STRONG_TITLES.has(word) &&
        !WEAK_TITLES.has(word) &&
        word.length > 1 &&
        !/\p{N}/u.test(word) &&
        (given || !common),
      given: given && !service,
      common,
      sentenceStart: found.length === 0 || SENTENCE_END.test(gap),
    });
    previousEnd = match.index + match[0].length;
  }
  return found;
}

function isDate(all: Token[], index: number, text: string): boolean {
  const before = all[index - 1];
  const after = all[index + 1];
  const near = (a: Token, b: Token) => /^[ \t\u00a0,\-–]{0,3}$/.test(text.slice(a.rawEnd, b.start));
  if (before && near(before, all[index]) && (DATE_CUES.has(before.key) || /^\d/.test(before.key) || DATE_NAMES.has(before.key)))
    return true;
  if (before && ['and', 'or', 'to'].includes(before.key) && all[index - 2] && DATE_NAMES.has(all[index - 2].key)) return true;
  return Boolean(after && near(all[index], after) && /^\d/.test(after.key));
}

/** Lines of three or more words all capitalised are headings: only real names count there. */
function headingLines(text: string, all: Token[]): Set<number> {
  const headings = new Set<number>();
  let lineStart = 0;
  while (lineStart < all.length) {
    let lineEnd = lineStart + 1;
    while (lineEnd < all.length && !/[\r\n]/.test(text.slice(all[lineEnd - 1].rawEnd, all[lineEnd].start))) lineEnd += 1;
    const line = all.slice(lineStart, lineEnd);
    const capitals = line.filter((token) => token.capitalised).length;
    if (capitals >= 3 && line.every((token) => token.capitalised || HEADING_SMALL_WORDS.has(token.key) || /^\d/.test(token.word))) {
      for (let i = lineStart; i < lineEnd; i += 1) headings.add(i);
    }
    lineStart = lineEnd;
  }
  return headings;
}

function flagged(all: Token[], index: number, text: string, headings: Set<number>): boolean {
  const token = all[index];
  if (!token.capitalised) return token.given && !token.common;
  if (!token.nameLike) return false;
  const previous = all[index - 1];
  if (previous && ['st', 'saint'].includes(previous.key) && previous.capitalised) return false;
  if (DATE_NAMES.has(token.key) && isDate(all, index, text)) return false;
  if (headings.has(index)) return token.given && !token.common;
  // "Rose rang us", "Bill and his wife came": a name that is also a word, doing what people do.
  if (token.sentenceStart) return token.given && (!token.common || PERSON_VERBS.test(text.slice(token.rawEnd, token.rawEnd + 16)));
  return true;
}

/** Whether `a` runs straight on into `b` in one name: a space apart, and `a` not possessive. */
function joined(a: Token, b: Token, text: string): boolean {
  return a.end === a.rawEnd && ADJACENT.test(text.slice(a.rawEnd, b.start));
}

/** The last index of a name that starts at `from`, joining following name words and particles. */
function extendName(all: Token[], from: number, text: string): number {
  let last = from;
  for (let next = from + 1; next < all.length; next += 1) {
    if (!joined(all[next - 1], all[next], text)) break;
    if (all[next].nameLike && !all[next].sentenceStart) last = next;
    else if (!(PARTICLES.has(all[next].key) && all[next + 1]?.nameLike)) break;
  }
  return last;
}

const NAME_INSTEAD = 'Say who they are to the person, like “her daughter” or “his neighbour”, or describe them, like “an older woman”.';
const TITLE_INSTEAD: Record<string, string> = {
  mr: 'Describe him, like “an older man” or “the man we supported”.',
  mrs: 'Describe her, like “an older woman” or “the woman we supported”.',
  ms: 'Describe her, like “an older woman” or “the woman we supported”.',
  miss: 'Describe her, like “a young woman” or “the woman we supported”.',
  dr: 'Say what they do, like “her GP” or “the hospital doctor”.',
};

/** Likely personal names in `text`. */
export function findNames(text: string): Candidate[] {
  const lists = wordLists();
  const all = tokens(text, lists);
  const headings = headingLines(text, all);
  const found: Candidate[] = [];
  for (let index = 0; index < all.length; index += 1) {
    const token = all[index];
    const next = all[index + 1];
    const strong = STRONG_TITLES.has(token.word) && (token.word !== token.word.toUpperCase() || next?.word === next?.word.toUpperCase());
    if ((strong || WEAK_TITLES.has(token.word)) && next && /^\.?[ \t\u00a0]{1,3}$/.test(text.slice(token.rawEnd, next.start))) {
      const named = strong ? next.capitalised && !lists.notNames.has(next.key) && !/\p{N}/u.test(next.word) : next.nameLike;
      if (named) {
        const last = extendName(all, index + 1, text);
        found.push({
          kind: 'name',
          start: token.start,
          end: all[last].end,
          why: 'A title with a name (like “Mrs Okafor”) names the person, even without a first name.',
          instead: TITLE_INSTEAD[token.key] ?? NAME_INSTEAD,
        });
        index = last;
        continue;
      }
    }
    if (!flagged(all, index, text, headings)) continue;
    let first = index;
    // A sentence's first word joins a surname ("Callum Reid") but not a first name ("Gwelsom Siân").
    while (
      first > 0 &&
      all[first - 1].nameLike &&
      (!all[first - 1].sentenceStart || all[first - 1].given || !token.given) &&
      joined(all[first - 1], all[first], text)
    )
      first -= 1;
    const last = extendName(all, index, text);
    found.push({
      kind: 'name',
      start: all[first].start,
      end: all[last].end,
      why: token.given
        ? 'This looks like a person’s first name.'
        : 'A capitalised word in the middle of a sentence that is not an everyday word is often a person’s name (or a small place that could help recognise them).',
      instead: `${NAME_INSTEAD} If it is a service or a well-known place, not a person, explain that it is fine.`,
    });
    index = last;
  }
  return found;
}
