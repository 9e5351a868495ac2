/**
 * The identifier check's shipped word lists (text files beside this one, one entry a line, "# "
 * comments), read once on first use so importing the stories feature stays cheap.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WordLists {
  /** Everyday English words (derived from a dictionary): capitalised mid-sentence, still not a name. */
  common: ReadonlySet<string>;
  /** Given names, flagged even when they are also everyday words. */
  givenNames: ReadonlySet<string>;
  /** Single words that are never names: services, days, faiths, places (service and place lists). */
  notNames: ReadonlySet<string>;
  /** Phrases from those lists ("Marie Curie"), matched whole, case-insensitively. */
  notNamePhrases: RegExp | undefined;
}

/** The form a word is looked up in: NFC, lower case, straight apostrophes. */
export function wordKey(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/[’ʼ]/g, "'");
}

function entries(file: string): string[] {
  const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), file), 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map(wordKey);
}

function phraseRegex(phrases: string[]): RegExp | undefined {
  if (phrases.length === 0) return undefined;
  const escaped = phrases
    .sort((a, b) => b.length - a.length)
    .map((phrase) =>
      phrase
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/'/g, "['’ʼ]")
        .replace(/ /g, '[ \\t\\u00a0]{1,3}'),
    );
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
}

let loaded: WordLists | undefined;

export function wordLists(): WordLists {
  if (!loaded) {
    const notNames = [...entries('service-words.txt'), ...entries('place-words.txt')];
    loaded = {
      common: new Set(entries('common-words.txt')),
      givenNames: new Set(entries('given-names.txt')),
      notNames: new Set(notNames.filter((entry) => !entry.includes(' '))),
      notNamePhrases: phraseRegex(notNames.filter((entry) => entry.includes(' '))),
    };
  }
  return loaded;
}
