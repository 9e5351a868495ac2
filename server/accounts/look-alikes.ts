/**
 * Names and email addresses that could pass for someone else's: hidden characters (a
 * right-to-left override turns "moc.elpmaxe@" round; a zero-width space makes two addresses that
 * look the same) and letters borrowed from another script ("Jоnes" with a Cyrillic о). Unicode's
 * advice (UTS #39) is to keep each word to one script; Chinese, Japanese and Korean mix their
 * scripts by nature, so they count as one.
 */

// Format characters (bidi overrides, isolates and marks, zero-width spaces and joiners, the BOM,
// soft hyphens), control characters, private-use and unassigned code points: none shows as itself.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u;
// Zero-width (non-)joiners shape letters in scripts such as Persian and the Indic ones: allowed between two such letters.
const JOINER_IN_WORD = /(?<=[\p{L}\p{M}])[\u200C\u200D](?=\p{L})/gu;
const JOINING_SCRIPT =
  /^[\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{M}]$/u;

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u],
];

function scriptOf(letter: string): string {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(letter)) return name;
  // Any other script is its own: the first script extension Unicode gives the letter is enough to tell them apart.
  return `other:${(letter.codePointAt(0) ?? 0) >> 7}`;
}

function hasHiddenCharacter(value: string): boolean {
  const withoutJoiners = value.replace(JOINER_IN_WORD, (joiner, offset: number) => {
    const before = [...value.slice(0, offset)].at(-1) ?? '';
    const after = [...value.slice(offset + joiner.length)][0] ?? '';
    return JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after) ? '' : joiner;
  });
  return HIDDEN.test(withoutJoiners);
}

/** Whether some word of `value` (split at spaces, punctuation and, for emails, "@" and ".") mixes letters of two scripts. */
function mixesScripts(value: string): boolean {
  for (const word of value.split(/[^\p{L}\p{M}]+/u)) {
    const scripts = new Set([...word].filter((char) => /\p{L}/u.test(char)).map(scriptOf));
    if (scripts.size > 1) return true;
  }
  return false;
}

/** The problem with a name or email address, in words for the error message, or undefined. */
export function lookAlikeProblem(value: string, what: 'Name' | 'Email address'): string | undefined {
  if (hasHiddenCharacter(value)) {
    return `${what} must not contain hidden characters, such as right-to-left marks or zero-width spaces. Type it again rather than pasting it`;
  }
  if (mixesScripts(value)) {
    return `${what} mixes letters from different alphabets in one word (such as a Cyrillic “о” among Latin letters), so it could pass for someone else’s. Type it again in one alphabet`;
  }
  return undefined;
}
