import assert from 'node:assert/strict';
import { emailProblem, nameProblem } from '../../server/accounts/form.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';
import { findUserByEmail } from '../../server/accounts/queries.js';

describe('names and email addresses that could pass for someone else’s', () => {
  const hidden = {
    'right-to-left override': 'Asha\u202EPatel',
    'left-to-right override': '\u202DAsha Patel',
    'right-to-left isolate': 'Asha \u2067Patel\u2069',
    'right-to-left mark': 'Asha\u200F Patel',
    'zero-width space': 'Asha\u200BPatel',
    'zero-width joiner between Latin letters': 'As\u200Dha Patel',
    'word joiner': 'Asha\u2060 Patel',
    'byte order mark': '\uFEFFAsha Patel',
    'soft hyphen': 'Pa\u00ADtel',
    'private-use character': 'Asha \uE000Patel',
  };
  const mixed = {
    'Cyrillic о in a Latin surname': 'Asha J\u043Enes',
    'Greek ο in a Latin name': 'Ge\u03BFrge Smith',
    'Latin a in a Cyrillic name': 'Ив\u0061н Петров',
    'Cyrillic а at the start': '\u0430sha Patel',
  };
  const fine = [
    'Asha Patel',
    'Siân Ellis-Jones',
    'Zoë O’Brien',
    'Nguyễn Thị Minh Khai',
    'Иван Петров',
    'Γιώργος Παπαδόπουλος',
    '山田 太郎',
    'やまだ たろう',
    '김민준',
    'محمد علی',
    'مهر\u200Cانگیز',
    'D’Arcy-Smythe',
    'Ffion ap Rhys',
    'Bethan Lloyd 2nd',
  ];

  it('refuses hidden characters in names, with a plain explanation', () => {
    for (const [what, name] of Object.entries(hidden))
      assert.match(nameProblem(name, 'Enter a name') ?? '', /must not contain hidden characters/, what);
  });

  it('refuses letters from another alphabet inside one word', () => {
    for (const [what, name] of Object.entries(mixed))
      assert.match(nameProblem(name, 'Enter a name') ?? '', /mixes letters from different alphabets/, what);
  });

  it('accepts names in any one script, accents and joiners where a script uses them', () => {
    for (const name of fine) assert.equal(nameProblem(name, 'Enter a name'), undefined, name);
  });

  it('does the same for email addresses, allowing an address in another script', () => {
    assert.match(emailProblem('asha\u202E@example.org') ?? '', /hidden characters/);
    assert.match(emailProblem('asha\u200B.patel@example.org') ?? '', /hidden characters/);
    assert.match(emailProblem('\u0430dmin@example.org') ?? '', /different alphabets/);
    assert.match(emailProblem('admin@ex\u0430mple.org') ?? '', /different alphabets/);
    for (const email of ['asha.patel@example.org', 'иван@пример.рф', 'иван@example.org', 'zoë@example.org'])
      assert.equal(emailProblem(email), undefined, email);
  });

  describe('in the invite form', () => {
    let t: TestApp;
    let admin: Visitor;
    let siteId: number;
    before(async () => {
      t = await createTestApp();
      siteId = (await aSite(t.database.db)).id;
      admin = await signedIn(t.app, t.database.db, 'administrator');
    });
    after(async () => t.close());

    it('refuses a hidden override in the name and a borrowed letter in the email (422), keeping what was typed', async () => {
      const res = await admin
        .post('/users/invite', { name: 'Asha\u202EPatel', email: '\u0430sha@example.org', role: 'practitioner', siteIds: [String(siteId)] })
        .expect(422);
      assert.match(res.text, /govuk-error-summary/);
      assert.match(res.text, /Name must not contain hidden characters/);
      assert.match(res.text, /Email address mixes letters from different alphabets/);
      assert.ok(res.text.includes('value="\u0430sha@example.org"'));
      assert.equal(await findUserByEmail(t.database.db, '\u0430sha@example.org'), undefined);
    });
  });
});
