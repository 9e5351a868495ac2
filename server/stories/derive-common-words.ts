/**
 * Makes common-words.txt from Debian's British English word list (`apt-get install wbritish`),
 * for the identifier check: a capitalised word in the middle of a sentence that is an everyday
 * word ("Road", "Credit") is not a name. Only words the dictionary lists in lower case count as
 * common; words it lists only capitalised ("Janet", "Okafor" if it knew it) are proper nouns and
 * stay out, so they are still flagged. Possessives ("dog's") are left out: the check strips them.
 *
 *   npx tsx server/stories/derive-common-words.ts [/usr/share/dict/british-english]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const source = process.argv[2] ?? '/usr/share/dict/british-english';
const words = new Set<string>();
for (const word of readFileSync(source, 'utf8').split('\n')) {
  if (word && word === word.toLowerCase() && !/'s$/.test(word)) words.add(word.normalize('NFC'));
}
const header = `# Everyday English words, derived from Debian's wbritish list (${path.basename(source)}) by derive-common-words.ts. Do not edit: re-run it.`;
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-words.txt');
writeFileSync(target, `${header}\n${[...words].sort().join('\n')}\n`);
console.log(`Wrote ${words.size} words to ${target}`);
