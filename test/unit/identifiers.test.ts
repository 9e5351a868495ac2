import assert from 'node:assert/strict';
import { FINDING_KIND_NAMES, FINDING_KINDS, findIdentifiers, type Finding, type FindingKind } from '../../server/stories/identifiers.js';

/** "kind:text" for each finding, after checking each one's offsets match its text. */
function found(text: string): string[] {
  const findings = findIdentifiers(text);
  for (const finding of findings) {
    assert.equal(text.slice(finding.start, finding.end), finding.text, `offsets of ${finding.text}`);
    assert.ok(finding.why.length > 10 && finding.instead.length > 10, `advice for ${finding.text}`);
  }
  return findings.map((finding) => `${finding.kind}:${finding.text}`);
}

const SHOULD_FIND: Record<FindingKind, [string, string][]> = {
  name: [
    ['We visited Mrs Okafor on Monday.', 'Mrs Okafor'],
    ['She was referred by Dr. Patel at the surgery.', 'Dr. Patel'],
    ['Our worker met Ms Kowalczyk and her son.', 'Ms Kowalczyk'],
    ['It was Mr Rhys ap Dafydd who rang.', 'Mr Rhys ap Dafydd'],
    ['MRS OKAFOR RANG THE TEAM.', 'MRS OKAFOR'],
    ['The carer, Miss Evans, came too.', 'Miss Evans'],
    ['Her friend Grace came round every day.', 'Grace'],
    ['He went fishing with Will on Sundays.', 'Will'],
    ['Her granddaughter Summer helps with the shopping.', 'Summer'],
    ['Janet rang us on a Friday.', 'Janet'],
    ['We met Siân at the café.', 'Siân'],
    ['The neighbour, Rose Pritchard, has a key.', 'Rose Pritchard'],
    ['Rose Pritchard has a key.', 'Rose Pritchard'],
    ['We spoke with the Okafor family.', 'Okafor'],
    ['Jane’s son moved back home.', 'Jane'],
    ['The O’Brien family helped.', 'O’Brien'],
    ['She lives with the Smith-Jones family.', 'Smith-Jones'],
    ['He said, "Callum has been a great help."', 'Callum'],
    ['- Mohammed rang the duty line', 'Mohammed'],
    ['Nan Betty still lives nearby.', 'Nan Betty'],
  ],
  age: [
    ['She is aged 93 and lives alone.', 'aged 93'],
    ['A 96-year-old man rang us.', '96-year-old'],
    ['He is 91 years old.', '91 years old'],
    ['She is 94 next month.', 'She is 94'],
    ['He’s 95 and still gardening.', 'He’s 95'],
    ['She celebrated her 100th birthday in the home.', '100th birthday'],
    ['At the age of 92 she moved in with her daughter.', 'age of 92'],
  ],
  'date-of-birth': [
    ['Her date of birth is 12/04/1931.', 'date of birth is 12/04/1931'],
    ['DOB: 3 March 1940', 'DOB: 3 March 1940'],
    ['He was born in 1929, the youngest of six.', 'born in 1929'],
    ['Her birthday is on 3 May, so we planned a visit.', 'birthday is on 3 May'],
    ['The form said 05/11/1948 at the top.', '05/11/1948'],
    ['Records show 1936-02-29.', '1936-02-29'],
    ['She was born on 1st April 1938.', 'born on 1st April 1938'],
  ],
  postcode: [
    ['She lives in ZX3 9QT now.', 'ZX3 9QT'],
    ['The address ended ZX10 4AB.', 'ZX10 4AB'],
    ['Send it to ZX1A 1BB please.', 'ZX1A 1BB'],
    ['Postcode ZX39QT.', 'ZX39QT'],
  ],
  address: [
    ['He lives at 12 Acacia Road with his wife.', '12 Acacia Road'],
    ['They moved to 4a Larch Close last year.', '4a Larch Close'],
    ['Her flat is Flat 3, Harbour View.', 'Flat 3, Harbour View'],
    ['We met her at 27 St Giles Avenue.', '27 St Giles Avenue'],
    ['She walks down Larch Close every morning.', 'Larch Close'],
  ],
  phone: [
    ['Her daughter’s number is 07700 900123.', '07700 900123'],
    ['Ring 07700 900 456 after six.', '07700 900 456'],
    ['Call +44 7700 900789 or the office.', '+44 7700 900789'],
    ['Call +44 (0)7700 900321.', '+44 (0)7700 900321'],
    ['The landline is (01632) 960 417.', '(01632) 960 417'],
    ['The landline is 01632 960417.', '01632 960417'],
    ['Her son is on 020 7946 0123.', '020 7946 0123'],
    ['The number was 0113-496-0000.', '0113-496-0000'],
  ],
  email: [
    ['Email janet.okafor@example.org for details.', 'janet.okafor@example.org'],
    ['Her son (tom_99@example.co.uk) wrote.', 'tom_99@example.co.uk'],
    ['Write to siân.ap-rhys@enghraifft.cymru.', 'siân.ap-rhys@enghraifft.cymru'],
  ],
  'nhs-number': [
    ['NHS number 943 476 5919 on the letter.', '943 476 5919'],
    ['Her number is 9434765919.', '9434765919'],
    ['It was 401-023-2137 on the form.', '401-023-2137'],
  ],
  'case-id': [
    ['Case HX-0417 was closed.', 'HX-0417'],
    ['See MOS123456 for the history.', 'MOS123456'],
    ['Her case number is 4412873.', '4412873'],
    ['Reference: 998877 on the letter.', '998877'],
  ],
};

describe('the identifier check', () => {
  it('keeps its interface: the kinds, each with a display name', () => {
    assert.deepEqual(
      [...FINDING_KINDS],
      ['name', 'age', 'date-of-birth', 'postcode', 'address', 'phone', 'email', 'nhs-number', 'case-id'],
    );
    for (const kind of FINDING_KINDS) assert.ok(FINDING_KIND_NAMES[kind]);
    assert.deepEqual(findIdentifiers(''), []);
  });

  for (const kind of FINDING_KINDS) {
    it(`finds ${FINDING_KIND_NAMES[kind].toLowerCase()}s in their usual shapes, exactly`, () => {
      for (const [sentence, text] of SHOULD_FIND[kind]) assert.deepEqual(found(sentence), [`${kind}:${text}`], sentence);
    });
  }

  it('gives each finding line and column, counting characters as people see them, across CRLF lines', () => {
    const text = 'First line is fine.\r\nThen 😀 👩‍👧 Mrs Okafor rang.\r\n\r\nShe is aged 93.\nAnd Siân came.';
    const findings = findIdentifiers(text);
    assert.deepEqual(
      findings.map((f: Finding) => [f.text, f.line, f.column]),
      [
        ['Mrs Okafor', 2, 10],
        ['aged 93', 4, 8],
        ['Siân', 5, 5],
      ],
    );
    for (const finding of findings) assert.equal(text.slice(finding.start, finding.end), finding.text);
  });

  it('says why and what to write instead, in plain English', () => {
    const [title, age, phone] = findIdentifiers('Mrs Okafor is aged 93. Ring 07700 900123.');
    assert.match(title.instead, /an older woman/);
    assert.match(age.instead, /in her 90s/);
    assert.match(phone.why, /phone number/);
    assert.match(findIdentifiers('He is aged 104.')[0].instead, /over 90/);
    assert.match(findIdentifiers('She saw Dr Patel.')[0].instead, /her GP/);
  });

  it('finds several in one sentence, in order, never overlapping', () => {
    const text = 'Mrs Okafor (born 12/04/1931) of 14 Larch Close, ZX3 9QT, on 07700 900123, NHS 401 023 2137, case HX-0417.';
    assert.deepEqual(found(text), [
      'name:Mrs Okafor',
      'date-of-birth:born 12/04/1931',
      'address:14 Larch Close',
      'postcode:ZX3 9QT',
      'phone:07700 900123',
      'nhs-number:401 023 2137',
      'case-id:HX-0417',
    ]);
    const findings = findIdentifiers(text);
    for (let i = 1; i < findings.length; i += 1) assert.ok(findings[i].start >= findings[i - 1].end);
  });

  it('leaves ordinary de-identified story sentences alone', () => {
    for (const sentence of [
      'An older woman rang us a few months after her husband died.',
      'We talked with him at his kitchen table the same week, in Conversation 1.',
      'The GP and the NHS 111 service agreed, and the OT visited on Tuesday.',
      'In Conversation 2 we met her on the ward with her daughter on a Friday afternoon.',
      'She asked about C1, C2 and C3, and went to A&E twice in March.',
      'The Reablement Team and the Carers Centre worked with Age UK and Citizens Advice.',
      'He gets Universal Credit, a Blue Badge and a Disabled Facilities Grant.',
      'She has Parkinson’s, uses a Zimmer frame and reads Braille.',
      'He speaks Polish and Urdu, grew up in Jamaica and moved from Leeds.',
      'Will she manage? May we come back? Hope was what she needed.',
      'She went home in May, and her sister visits every Summer.',
      'The Methodist chapel lunch club meets on Wednesdays at Christmas and Easter too.',
      'A Marie Curie nurse and a Macmillan nurse visited; the MS nurse came later.',
      'What Will Happen Next At The Hub',
      '“Thank you,” she said. “I didn’t want a carer, I wanted a reason to go out.”',
      'St Mary’s church hall is where the group meets.',
      'I’m sure I’ll be fine, she said.',
    ]) {
      assert.deepEqual(found(sentence), [], sentence);
    }
  });

  it('leaves money, times, event dates, counts and numbers that are not phones or NHS numbers alone', () => {
    for (const sentence of [
      'The equipment cost £1,250.50, less than £40 a week.',
      'We visited at 9.30am and again at 14:30.',
      'On 3 March we met again, and on 12/03/2026 the case closed.',
      'Since 1 January 2020 the team has changed.',
      'She moved here in 1985 and has lived here for 40 years.',
      'They are 92 people on the list; the bus takes 95 minutes; she was 93% sure.',
      'She is 88 and he is 89.',
      'She is in her 90s and still walks to the shop.',
      'Freephone 0800 123 4567 or the council on 0300 123 4567.',
      'The total 1234567890 fails the NHS check, as does 943 476 5918.',
      'A count of 0 1 2 3 4 5 6 7 8 9 is not a phone.',
      'COVID-19 in FY2024 closed the M62 and NHS111.',
      'She lives near the High Street, off the main road.',
      'Email the team at the usual address.',
    ]) {
      assert.deepEqual(found(sentence), [], sentence);
    }
  });
});
