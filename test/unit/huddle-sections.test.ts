import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ALL_PARTS,
  BOARD_SECTIONS,
  formsOf,
  HUDDLE_SECTIONS,
  partsOf,
  sectionHeading,
  SECTIONS,
  type FormOf,
} from '../../server/huddles/sections.js';

const views = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'views');

describe('the registry of huddle sections', () => {
  it('names each section once, numbers them in order and gives each a partial that takes its heading from the registry', () => {
    assert.equal(new Set(SECTIONS).size, SECTIONS.length);
    assert.deepEqual(
      SECTIONS.map((id) => sectionHeading(id)),
      HUDDLE_SECTIONS.map((section, index) => `${index + 1}. ${section.title}`),
    );
    for (const { id, partial } of BOARD_SECTIONS) {
      const file = path.join(views, `${partial}.ejs`);
      assert.ok(existsSync(file), `${id} has ${partial}.ejs`);
      const template = readFileSync(file, 'utf8');
      assert.ok(template.includes(`id="section-${id}"`), `${id}: the partial is the section's element`);
      assert.ok(template.includes(`sectionHeading('${id}')`), `${id}: its heading comes from the registry, not typed in`);
      assert.ok(
        template.includes(`prefixes: formsOf('${id}')`),
        `${id}: its error summary lists the forms the registry gives it, not names typed in`,
      );
    }
  });

  it('reads, for each section, parts of the board query that the full board reads too', () => {
    for (const id of SECTIONS) for (const part of partsOf(id)) assert.ok(ALL_PARTS.includes(part), `${id}: ${part}`);
    assert.equal(new Set(ALL_PARTS).size, ALL_PARTS.length);
  });

  it('gives each form to one section, so a refused form is shown where it was sent from', () => {
    const forms = SECTIONS.flatMap((id) => formsOf(id));
    assert.equal(new Set(forms).size, forms.length);
    for (const form of forms) assert.equal(forms.filter((other) => other !== form && other.startsWith(form)).length, 0, form);
    // The compiler holds refuse() to the same list: a section's own forms are accepted, another's are not.
    const person: FormOf<'people'> = 'person';
    const review: FormOf<'open-actions'> = 'review-12';
    // @ts-expect-error a contact is not a form of the people section
    const wrong: FormOf<'people'> = 'contact';
    assert.deepEqual([person, review, wrong], ['person', 'review-12', 'contact']);
  });
});
