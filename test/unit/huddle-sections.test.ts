import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_PARTS, BOARD_SECTIONS, HUDDLE_SECTIONS, partsOf, sectionHeading, SECTIONS } from '../../server/huddles/sections.js';

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
    }
  });

  it('reads, for each section, parts of the board query that the full board reads too', () => {
    for (const id of SECTIONS) for (const part of partsOf(id)) assert.ok(ALL_PARTS.includes(part), `${id}: ${part}`);
    assert.equal(new Set(ALL_PARTS).size, ALL_PARTS.length);
  });
});
