import assert from 'node:assert/strict';
import { DEMO_DRAFTS_WITH_IDENTIFIERS, DEMO_STORY_TEXTS, type DemoStoryText } from '../../server/demo/story-texts.js';
import { findIdentifiers, type FindingKind } from '../../server/stories/identifiers.js';

const FIELDS = ['title', 'whatMattered', 'whatWeDid', 'differenceItMade', 'oldWay'] as const;

function storyFindings(story: DemoStoryText) {
  return FIELDS.flatMap((field) => findIdentifiers(story[field]).map((finding) => ({ field, ...finding })));
}

// Sentences as writers first type them, each with the identifier a reviewer would want caught.
// Some are hard on purpose (a name that opens a sentence and is also a word, lower case): the
// rate is measured, not forced to 100%.
const IDENTIFIERS: [string, FindingKind, string][] = [
  ['We visited Mrs Okafor at home.', 'name', 'Mrs Okafor'],
  ['Mr Hughes said he was lonely.', 'name', 'Mr Hughes'],
  ['Her GP, Dr Adeyemi, referred her.', 'name', 'Dr Adeyemi'],
  ['We met Ms Nowak at the library.', 'name', 'Ms Nowak'],
  ['Her daughter Janet rang the team.', 'name', 'Janet'],
  ['His son Dafydd lives in the next street.', 'name', 'Dafydd'],
  ['Aoife, her niece, does the shopping.', 'name', 'Aoife'],
  ['Her neighbour Rose checks on her daily.', 'name', 'Rose'],
  ['His friend Bill drives him to the club.', 'name', 'Bill'],
  ['She and her husband Frank were married for sixty years.', 'name', 'Frank'],
  ['The carer, Tendai Moyo, visits twice a day.', 'name', 'Tendai Moyo'],
  ['We spoke to Mohammed and his brother.', 'name', 'Mohammed'],
  ['Callum Reid has lived there all his life.', 'name', 'Callum Reid'],
  ['Her son Gethin’s van broke down.', 'name', 'Gethin'],
  ['She told Siobhán she wanted to stay at home.', 'name', 'Siobhán'],
  ['We helped Mr Ó Briain with the forms.', 'name', 'Mr Ó Briain'],
  ['Rose rang us on Monday.', 'name', 'Rose'],
  ['Pritchard, her neighbour, has a key.', 'name', 'Pritchard'],
  ['Bill and his wife came to the lunch club.', 'name', 'Bill'],
  ['her son callum visits at weekends.', 'name', 'callum'],
  ['She is aged 94.', 'age', 'aged 94'],
  ['Living alone at 97, she still cooks for herself.', 'age', 'at 97'],
  ['At 97 she still walks to the shop.', 'age', 'At 97'],
  ['She is aged 97 and lives alone.', 'age', 'aged 97'],
  ['He is 97 years old.', 'age', '97 years old'],
  ['She is ninety-seven.', 'age', 'ninety-seven'],
  ['Ninety-seven and still gardening.', 'age', 'Ninety-seven'],
  ['A ninety-seven-year-old man rang us.', 'age', 'ninety-seven-year-old'],
  ['She is ninety seven this year.', 'age', 'ninety seven'],
  ['He turned a hundred and one in May.', 'age', 'a hundred and one'],
  ['Her husband, 98, is her carer.', 'age', '98'],
  ['A 97-year-old woman rang us.', 'age', '97-year-old'],
  ['He is 92 and lives alone.', 'age', 'He is 92'],
  ['She turned 100 in the spring.', 'age', 'turned 100'],
  ['He was 96 years old when he moved.', 'age', '96 years old'],
  ['She’ll be 93 on Sunday.', 'age', 'She’ll be 93'],
  ['Her mum, 91, still walks to the shop.', 'age', '91'],
  ['DOB 12/04/1931.', 'date-of-birth', 'DOB 12/04/1931'],
  ['She was born on 3 March 1940.', 'date-of-birth', 'born on 3 March 1940'],
  ['He was born in 1927.', 'date-of-birth', 'born in 1927'],
  ['Her date of birth is 1938-07-14.', 'date-of-birth', 'date of birth is 1938-07-14'],
  ['The letter had 14/07/1938 on it.', 'date-of-birth', '14/07/1938'],
  ['Her birthday is 25 December.', 'date-of-birth', 'birthday is 25 December'],
  ['She lives at ZX3 9QT.', 'postcode', 'ZX3 9QT'],
  ['The postcode is ZX12 4PL.', 'postcode', 'ZX12 4PL'],
  ['His postcode is zx3 9qt.', 'postcode', 'zx3 9qt'],
  ['She lives at 12 Acacia Road.', 'address', '12 Acacia Road'],
  ['He moved to 7 Chapel Street last year.', 'address', '7 Chapel Street'],
  ['Her flat is Flat 4, Mill Court.', 'address', 'Flat 4, Mill Court'],
  ['They live on Beech Avenue.', 'address', 'Beech Avenue'],
  ['He lives at 43 acacia rd.', 'address', '43 acacia rd'],
  ['Her number is 07700 900123.', 'phone', '07700 900123'],
  ['Ring her on 07700900456.', 'phone', '07700900456'],
  ['His landline is 01632 960 123.', 'phone', '01632 960 123'],
  ['Call +44 7700 900 987.', 'phone', '+44 7700 900 987'],
  ['The home is on 020 7946 0999.', 'phone', '020 7946 0999'],
  ['Email janet@example.org.', 'email', 'janet@example.org'],
  ['Her son is tom.reid@example.co.uk.', 'email', 'tom.reid@example.co.uk'],
  ['NHS no. 943 476 5919', 'nhs-number', '943 476 5919'],
  ['Her NHS number is 4010232137.', 'nhs-number', '4010232137'],
  ['NHS 401-023-2137.', 'nhs-number', '401-023-2137'],
  ['Case HX-0417 is closed.', 'case-id', 'HX-0417'],
  ['Mosaic id MOS123456.', 'case-id', 'MOS123456'],
  ['Client ref 20417733.', 'case-id', '20417733'],
  ['Her case number is 4412873.', 'case-id', '4412873'],
];

describe('the identifier check, tuned on realistic text', () => {
  it('rarely raises false alarms on the clean demo stories (measured: see the output)', () => {
    const perStory = DEMO_STORY_TEXTS.map((story) => storyFindings(story));
    const findings = perStory.flat();
    const storiesWithAny = perStory.filter((list) => list.length > 0).length;
    const rate = findings.length / DEMO_STORY_TEXTS.length;
    console.log(
      `      false alarms: ${findings.length} in ${DEMO_STORY_TEXTS.length} clean demo stories (${rate.toFixed(2)} a story; ${storiesWithAny} of ${DEMO_STORY_TEXTS.length} stories with any)`,
      findings.map((finding) => `${finding.kind} “${finding.text}”`).join(', '),
    );
    assert.ok(DEMO_STORY_TEXTS.length >= 12);
    // A story is four paragraphs or so; more than one false alarm in four stories would be noise.
    assert.ok(rate <= 0.25, `false alarms a story: ${rate}`);
    assert.ok(storiesWithAny / DEMO_STORY_TEXTS.length <= 0.25, `stories with a false alarm: ${storiesWithAny}`);
  });

  it('finds the identifiers in the demo drafts made to show it working', () => {
    for (const draft of DEMO_DRAFTS_WITH_IDENTIFIERS) {
      const kinds = new Set(storyFindings(draft).map((finding) => finding.kind));
      assert.ok(kinds.size >= 5, `${draft.title}: ${[...kinds].join(', ')}`);
    }
    const all = new Set(DEMO_DRAFTS_WITH_IDENTIFIERS.flatMap((draft) => storyFindings(draft).map((finding) => finding.kind)));
    assert.deepEqual([...all].sort(), ['address', 'age', 'case-id', 'date-of-birth', 'email', 'name', 'nhs-number', 'phone', 'postcode']);
  });

  it('catches most identifiers in sentences as writers type them (recall measured: see the output)', () => {
    // Caught when a finding of the right kind covers the identifier ("She turned 100" covers "turned 100").
    const caught = ([sentence, kind, text]: (typeof IDENTIFIERS)[number]) =>
      findIdentifiers(sentence).some(
        (finding) =>
          finding.kind === kind && finding.start <= sentence.indexOf(text) && finding.end >= sentence.indexOf(text) + text.length,
      );
    const missed = IDENTIFIERS.filter((item) => !caught(item));
    const recall = (IDENTIFIERS.length - missed.length) / IDENTIFIERS.length;
    console.log(
      `      recall: ${IDENTIFIERS.length - missed.length} of ${IDENTIFIERS.length} (${(recall * 100).toFixed(0)}%); missed:`,
      missed.map(([sentence]) => sentence).join(' | '),
    );
    assert.ok(recall >= 0.85, `recall ${recall}`);
  });
});

// Sentences as teams type them with numbers that are not ages: the check must leave them alone.
const CLEAN_WITH_NUMBERS = [
  'We met at 10 and left at 11.',
  'It took ninety minutes to get through.',
  'Ninety-five people came to the drop-in.',
  'Waiting times fell at 92% of sites.',
  'We spoke at 9:30 on Tuesday.',
  'The panel met 94 times last year.',
  'She waited 93 days for an assessment under the old way.',
  'The team took 120 calls in the fortnight.',
  'Contacts resolved at the first conversation rose to 91 out of 100.',
  'We are at 95 on the list of referrals this month.',
  'Bus 97 stops outside the library.',
  'It cost £96 a week less than the old package.',
];

describe('the identifier check, measured on typed sentences', () => {
  it('leaves numbers that are not ages alone (false alarms measured: see the output)', () => {
    const alarms = CLEAN_WITH_NUMBERS.filter((sentence) => findIdentifiers(sentence).some((finding) => finding.kind === 'age'));
    console.log(
      `      ages: ${alarms.length} false alarms in ${CLEAN_WITH_NUMBERS.length} clean sentences with numbers:`,
      alarms.join(' | '),
    );
    assert.ok(alarms.length / CLEAN_WITH_NUMBERS.length <= 0.1, alarms.join(' | '));
  });
});

// Person references as typed, with a name hidden by digits, and real-looking codes.
const NAMED_REFERENCES = [
  'Jones82',
  'JONES MARY 1',
  'mary1',
  'Patel 7',
  'patel99',
  'Okafor2',
  'GWEN 7',
  'DAFYDD22',
  'Evans-12',
  'HUGHES/44',
  'bethan.3',
  'Mr Jones 1',
  'Mary Jones 2',
  'NOWAK 12',
  'Khan12',
  'Smith42',
];
const CODE_REFERENCES = [
  'HX-0417',
  'MOS123456',
  'NG12345',
  'C-1043',
  '20417733',
  'CASE 1234',
  'Mosaic 99812',
  'ref 12',
  'LAS/2024/0042',
  'SW-NORTH-0001',
  'AB12 3456',
  'p-0001',
  'K7Q2-9',
  'Client 17',
  'NORTH-17',
  'LL-000918',
  'EIS 55102',
  'SC/1123',
  'X7-22-19',
  'AMH-3301',
];

// Huddle notes and guest roles: names hidden in ordinary words, and the notes teams write.
const NOTES_WITH_NAMES = [
  'Gwen’s son Dafydd rang',
  'Bethan from the hospital',
  'Spoke to Sarah at the surgery',
  'Dave will call back',
  'Housing officer Priya',
  'Nurse Janet from the ward',
  'Her daughter Susan is worried',
  'Mohammed’s carer is off sick',
  'Siobhán at the GP surgery',
  'Callum from the OT team',
];
const NOTES_WITHOUT_NAMES = [
  'Carer in hospital',
  'Waiting for OT assessment',
  'Discharge from the Royal Infirmary on Friday',
  'Referred to Age UK',
  'Housing officer',
  'Hospital discharge nurse',
  'GP at Park Lane surgery',
  'Meals on Wheels started Monday',
  'Daughter visiting from Cardiff',
  'Community connector from Citizens Advice',
  'District nurse',
  'Falls in the night, Lifeline alarm fitted',
  'Panel on Tuesday',
  'Safeguarding concern raised with MASH',
  'Son lives in Leeds',
  'Home from Ward 7 on Wednesday',
  'Mental health nurse',
];

describe('the person-reference and huddle-note checks, measured', () => {
  it('refuses names in person references even with digits added (recall and false alarms measured: see the output)', async () => {
    const { personReferenceProblem } = await import('../../server/contacts/person-reference.js');
    const missed = NAMED_REFERENCES.filter((reference) => !personReferenceProblem(reference));
    const alarms = CODE_REFERENCES.filter((reference) => personReferenceProblem(reference));
    const recall = 1 - missed.length / NAMED_REFERENCES.length;
    console.log(
      `      person references: recall ${NAMED_REFERENCES.length - missed.length} of ${NAMED_REFERENCES.length} (${(recall * 100).toFixed(0)}%), missed: ${missed.join(' | ')}; false alarms ${alarms.length} of ${CODE_REFERENCES.length}: ${alarms.join(' | ')}`,
    );
    for (const reference of ['Jones82', 'JONES MARY 1']) assert.ok(personReferenceProblem(reference), reference);
    assert.ok(recall >= 0.85, `recall ${recall}`);
    assert.ok(alarms.length / CODE_REFERENCES.length <= 0.1, alarms.join(' | '));
  });

  it('refuses given names in huddle notes and guest roles (recall and false alarms measured: see the output)', async () => {
    const { noteProblem } = await import('../../server/contacts/person-reference.js');
    const missed = NOTES_WITH_NAMES.filter((note) => !noteProblem(note));
    const alarms = NOTES_WITHOUT_NAMES.filter((note) => noteProblem(note));
    console.log(
      `      huddle notes: recall ${NOTES_WITH_NAMES.length - missed.length} of ${NOTES_WITH_NAMES.length}, missed: ${missed.join(' | ')}; false alarms ${alarms.length} of ${NOTES_WITHOUT_NAMES.length}: ${alarms.join(' | ')}`,
    );
    for (const note of ['Gwen’s son Dafydd rang', 'Bethan from the hospital'])
      assert.match(noteProblem(note) ?? '', /looks like it includes a name/, note);
    assert.ok(missed.length / NOTES_WITH_NAMES.length <= 0.1, missed.join(' | '));
    assert.equal(alarms.length, 0, alarms.join(' | '));
  });
});

describe('the identifier check on hostile input', () => {
  // Each is about 100 KB, shaped to make a careless pattern backtrack. A linear check takes well
  // under a second; the bound is loose on purpose, only to catch a hang (the machine is shared).
  const N = 100_000;
  const shapes: Record<string, string> = {
    'one long word': 'a'.repeat(N),
    'spaced digits': '1 '.repeat(N / 2),
    'almost a phone': '07700 '.repeat(N / 6),
    'almost an email': `${'a'.repeat(60)}@`.repeat(N / 61),
    'title after title': 'Mrs '.repeat(N / 4),
    'almost an address': `${'12 '.repeat(N / 3)}Road`,
    'almost a date': '12/04/'.repeat(N / 6),
    'names and emoji': '😀 Janet 👩‍👧 '.repeat(N / 14),
    HTML: '<p class="x">Janet <b>Okafor</b> &amp; </p>'.repeat(N / 40),
  };
  for (const [name, text] of Object.entries(shapes)) {
    it(`checks 100 KB of ${name} without stalling`, () => {
      const started = performance.now();
      const findings = findIdentifiers(text);
      assert.ok(performance.now() - started < 5000, `${name} took ${performance.now() - started} ms`);
      for (const finding of findings.slice(0, 50)) assert.equal(text.slice(finding.start, finding.end), finding.text);
    });
  }

  it('reads HTML and script as text, finding what is inside it', () => {
    const text = '<script>alert("Mrs Okafor")</script><p onclick="x()">Call 07700 900123</p>';
    assert.deepEqual(
      findIdentifiers(text).map((finding) => [finding.kind, finding.text, finding.start]),
      [
        ['name', 'Mrs Okafor', text.indexOf('Mrs')],
        ['phone', '07700 900123', text.indexOf('07700')],
      ],
    );
  });

  it('keeps offsets and columns right around emoji, Welsh letters and combining accents', () => {
    const text = 'Diolch 🙏🏽 i Mrs Ŵen ac i Siân.\nGwelsom Sia\u0302n a Dafydd ap Gwŷn 👍.';
    const findings = findIdentifiers(text);
    assert.deepEqual(
      findings.map((finding) => [finding.text, finding.line, finding.column]),
      [
        ['Mrs Ŵen', 1, 12],
        ['Siân', 1, 25],
        ['Sia\u0302n', 2, 9],
        ['Dafydd ap Gwŷn', 2, 16],
      ],
    );
    for (const finding of findings) assert.equal(text.slice(finding.start, finding.end), finding.text);
  });

  it('counts lines the same with CRLF, LF or CR endings', () => {
    for (const newline of ['\r\n', '\n', '\r']) {
      const text = ['Fine.', '', 'She is aged 95.', 'Ring 07700 900123.'].join(newline);
      assert.deepEqual(
        findIdentifiers(text).map((finding) => [finding.line, finding.column]),
        [
          [3, 8],
          [4, 6],
        ],
        JSON.stringify(newline),
      );
    }
  });
});
