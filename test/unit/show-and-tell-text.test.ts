import assert from 'node:assert/strict';
import { findJargon, JARGON } from '../../server/show-and-tells/plain-english.js';
import { textBlocks, bulletLines } from '../../server/show-and-tells/text-blocks.js';
import { findPrivacyProblems } from '../../server/show-and-tells/privacy-check.js';
import { plainVariation, chartSentence } from '../../server/show-and-tells/chart-words.js';
import { measureNamed } from '../../server/measures/definitions.js';
import { spcChart } from '../../server/measures/spc.js';
import { addDays } from '../../server/calendar/fortnights.js';

describe('the plain-English check', () => {
  const terms = (text: string) => findJargon(text).map((finding) => finding.term);

  it('keeps its list as data: every term has a suggestion, and none is listed twice', () => {
    assert.ok(JARGON.length >= 30);
    const seen = new Set<string>();
    for (const { term, instead } of JARGON) {
      assert.ok(term.trim() && instead.trim(), term);
      assert.ok(!seen.has(term.toLowerCase()), `${term} is listed twice`);
      seen.add(term.toLowerCase());
    }
  });

  it('flags the issue’s examples with what to say instead', () => {
    const findings = findJargon('This sprint we held C1 within 2 days, with asset-based work, less signposting, a new cohort and the MDT.');
    assert.deepEqual(
      findings.map((finding) => [finding.found, finding.instead]),
      [
        ['sprint', 'fortnight'],
        ['C1', 'the first conversation'],
        ['asset-based', 'building on what people and communities already have'],
        ['signposting', 'telling people where else to go for help'],
        ['cohort', 'group of people'],
        ['MDT', 'a meeting of the different professionals who help someone'],
      ],
    );
  });

  it('matches whole words in any case, and counts repeats once with how often', () => {
    const [finding] = findJargon('Sprint planning. Next SPRINT. sprints');
    assert.equal(finding.term, 'sprint');
    assert.equal(finding.found, 'Sprint');
    assert.equal(finding.count, 2);
    assert.deepEqual(terms('sprints'), ['sprints']);
    assert.deepEqual(terms('a sprinter, a cohorts-free C10 or BC1 or mdtx'), [], 'no words inside other words');
  });

  it('matches a hyphenated term written with a space or run together, and phrases across a line break', () => {
    assert.deepEqual(terms('asset based'), ['asset-based']);
    assert.deepEqual(terms('fewer handoffs and hand offs'), ['hand-offs']);
    assert.deepEqual(terms('the funding\npanel'), ['funding panel']);
  });

  it('reports the longer of two terms that overlap', () => {
    assert.deepEqual(terms('fewer hand-offs'), ['hand-offs']);
    assert.deepEqual(terms('our service users'), ['service users']);
  });

  it('finds nothing in plain English, emoji or Welsh', () => {
    assert.deepEqual(findJargon('We listened to what mattered to people and helped them stay at home. 🎉 Diolch yn fawr, ŵyr ac ŷd.'), []);
    assert.deepEqual(findJargon(''), []);
  });

  it('takes hostile text as text', () => {
    assert.deepEqual(terms('<script>alert("sprint")</script> \'; drop table packs; -- (C1|C2)*'), ['sprint', 'C1', 'C2']);
  });

  it('uses any list it is given', () => {
    assert.deepEqual(
      findJargon('a widget', [{ term: 'widget', instead: 'thing' }]).map((f) => f.instead),
      ['thing'],
    );
  });
});

describe('a section’s text as blocks', () => {
  it('makes paragraphs of lines between blank lines and lists of bulleted lines', () => {
    assert.deepEqual(textBlocks('Our goal was:\nto listen.\n\n- one\n* two\n• three\nAfter\n\n\nEnd'), [
      { type: 'paragraph', text: 'Our goal was: to listen.' },
      { type: 'list', items: ['one', 'two', 'three'] },
      { type: 'paragraph', text: 'After' },
      { type: 'paragraph', text: 'End' },
    ]);
    assert.deepEqual(textBlocks('   \n'), []);
    assert.deepEqual(textBlocks('-not a bullet'), [{ type: 'paragraph', text: '-not a bullet' }]);
  });

  it('writes a list the same way it reads one', () => {
    assert.deepEqual(textBlocks(bulletLines(['a\nb', 'c'])), [{ type: 'list', items: ['a b', 'c'] }]);
  });
});

describe('the privacy check before sharing with the co-production group', () => {
  const kinds = (text: string, workerNames: string[] = []) =>
    findPrivacyProblems(text, { workerNames }).map((finding) => [finding.kind, finding.text]);

  const found = (text: string, workerNames: string[] = []) => findPrivacyProblems(text, { workerNames }).map((finding) => finding.text);

  it('finds person references, case numbers and workers’ names, each with why and what to write instead', () => {
    assert.deepEqual(found('Ring about C-1043 and HX-0417, case 1234567; Ana Costa and Ben helped.', ['Ana Costa', 'Ben Okafor']), [
      'C-1043',
      'HX-0417',
      '1234567',
      'Ana Costa',
      'Ben',
    ]);
    for (const finding of findPrivacyProblems('Ring about C-1043.', { workerNames: [] })) assert.ok(finding.why && finding.instead);
  });

  it('finds a worker’s name that the identifier check takes for an ordinary word', () => {
    assert.deepEqual(kinds('Thanks to Sunny for the visit.', ['Sunny Park']), [['worker-name', 'Sunny']]);
    assert.deepEqual(kinds('Thanks to Sunny for the visit.'), [], 'the identifier check alone does not');
    assert.deepEqual(
      kinds('Thanks to Okafor.', ['Ben Okafor']).map(([, text]) => text),
      ['Okafor'],
    );
  });

  it('finds what the stories’ identifier check finds', () => {
    assert.deepEqual(kinds('Email sam@example.org or NHS 943 476 5919'), [
      ['identifier', 'sam@example.org'],
      ['identifier', '943 476 5919'],
    ]);
  });

  it('leaves the site’s own name alone, though the identifier check would take it for a name', () => {
    assert.deepEqual(
      findPrivacyProblems('We are Northgate Community Team. Hello from Northgate.', {
        workerNames: [],
        siteName: 'Northgate Community Team',
      }),
      [],
    );
    assert.deepEqual(
      findPrivacyProblems('We are Northgate Community Team.', { workerNames: [] }).map((finding) => finding.text),
      ['Northgate'],
    );
  });

  it('leaves plain text, years, numbers, conversation numbers and words inside workers’ names alone', () => {
    assert.deepEqual(
      kinds('In 2026 we held C1 in 3 days; the average was 12.5 and 40% fewer went to panel. Bending the rules.', [
        'Jo Lindqvist',
        'Ben Okafor',
      ]),
      [],
    );
  });
});

describe('a chart in words', () => {
  const measure = measureNamed('days-waited')!;
  // Weekly points from Monday 5 January 2026.
  const series = (values: number[]) => values.map((value, index) => ({ periodStart: addDays('2026-01-05', 7 * index), value, n: 10 }));

  it('says the latest figure and that it is the usual ups and downs', () => {
    const chart = spcChart(series([5, 6, 5, 6, 5, 6]), 'lower', [], { kind: 'xmr' });
    assert.equal(
      chartSentence(measure, chart),
      'People waited a median of 6 days for a first conversation in the week beginning Monday 9 February 2026. This is within the usual ups and downs.',
    );
  });

  it('says a run below the average is a real improvement when lower is better', () => {
    const chart = spcChart(series([9, 9, 9, 9, 9, 9, 2, 2, 2, 2, 2, 2, 2]), 'lower', [], { kind: 'xmr' });
    assert.match(chartSentence(measure, chart), /median of 2 days .* This is a real improvement, not chance\.$/);
  });

  it('says "could be chance" when the run rests on weeks with few people', () => {
    const points = series([9, 9, 9, 9, 9, 9, 2, 2, 2, 2, 2, 2, 2]).map((point, i) => (i === 7 ? { ...point, n: 2 } : point));
    const chart = spcChart(points, 'lower', [], { kind: 'xmr' });
    assert.match(
      chartSentence(measure, chart),
      /median of 2 days .* This could be chance: it rests on weeks with very few people in them\.$/,
    );
    assert.doesNotMatch(chartSentence(measure, chart), /real improvement/);
    assert.equal(plainVariation(chart), 'Could be chance');
  });

  it('never reads out the week so far or a week from few people', () => {
    const points = [...series([5, 6, 5, 6, 5, 6]), { periodStart: '2026-02-16', value: 40, n: 12, incomplete: true }];
    assert.match(
      chartSentence(measure, spcChart(points, 'lower', [], { kind: 'xmr' })),
      /median of 6 days .* week beginning Monday 9 February 2026\./,
    );
    const few = series([5, 6]).map((point) => ({ ...point, n: 2 }));
    assert.equal(
      chartSentence(measure, spcChart(few, 'lower', [], { kind: 'xmr' })),
      'There are no complete weeks with enough people in them to read yet.',
    );
  });

  it('says so when there are no figures', () => {
    assert.equal(chartSentence(measure, spcChart([], 'lower', [], { kind: 'xmr' })), 'There are no figures for these weeks yet.');
  });
});
