import assert from 'node:assert/strict';
import {
  consentStateOf,
  defaultExpiry,
  governingConsent,
  normaliseScope,
  scopeCovers,
  scopeText,
  type ConsentRecord,
} from '../../server/stories/consent.js';
import { validateConsent, validateWithdrawal } from '../../server/stories/consent-form.js';
import { checkStory, distinctFindings, findingNumbers, keptExplanations, segments, summarise } from '../../server/stories/findings.js';
import { missingForReview, readStoryAnswers, validateStory } from '../../server/stories/form.js';
import { markedHtml } from '../../server/stories/view.js';
import { mayEdit, mayReview, maySeeText } from '../../server/stories/access.js';
import type { SignedInUser } from '../../server/accounts/sessions.js';
import type { StoryTheme } from '../../server/db/schema.js';

const EMPTY = { title: '', whatMattered: '', whatWeDid: '', differenceItMade: '', oldWay: '' };
const consent = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: 1,
  consentDate: '2026-01-10',
  expiresOn: '2028-01-10',
  withdrawnOn: null,
  scope: ['show_and_tells'],
  ...overrides,
});

describe('story consent rules', () => {
  it('is live from the consent date to its last day, then expired', () => {
    assert.equal(consentStateOf(consent(), '2026-01-10'), 'live');
    assert.equal(consentStateOf(consent(), '2028-01-10'), 'live');
    assert.equal(consentStateOf(consent(), '2028-01-11'), 'expired');
    assert.equal(consentStateOf(undefined, '2026-06-01'), 'none');
  });

  it('is withdrawn from the day of withdrawal, not before', () => {
    const withdrawn = consent({ withdrawnOn: '2026-05-01' });
    assert.equal(consentStateOf(withdrawn, '2026-04-30'), 'live');
    assert.equal(consentStateOf(withdrawn, '2026-05-01'), 'withdrawn');
    assert.equal(consentStateOf(consent({ withdrawnOn: '2026-05-01', expiresOn: '2026-03-01' }), '2026-06-01'), 'withdrawn');
  });

  it('lets the latest recorded consent govern, once its date has come: renewal is a new record', () => {
    const first = consent({ id: 1, consentDate: '2024-01-01', expiresOn: '2026-01-01' });
    const renewal = consent({ id: 2, consentDate: '2026-02-01', expiresOn: '2028-02-01' });
    assert.equal(governingConsent([first, renewal], '2026-01-15'), first);
    assert.equal(consentStateOf(governingConsent([first, renewal], '2026-01-15'), '2026-01-15'), 'expired');
    assert.equal(governingConsent([renewal, first], '2026-02-01'), renewal);
    assert.equal(governingConsent([first], '2023-12-31'), undefined);
  });

  it('makes public imply every other use, and nothing ticked team only', () => {
    assert.deepEqual(normaliseScope(['public']), ['show_and_tells', 'internal_reports', 'public']);
    assert.deepEqual(normaliseScope(['internal_reports', 'show_and_tells']), ['show_and_tells', 'internal_reports']);
    assert.deepEqual(normaliseScope(['team_only']), []);
    assert.equal(scopeText([]), 'Team only');
  });

  it('offers a story to show-and-tells and experts by experience only with show-and-tells or public in scope', () => {
    for (const audience of ['show-and-tell', 'expert-by-experience'] as const) {
      assert.equal(scopeCovers(['show_and_tells'], audience), true);
      assert.equal(scopeCovers(normaliseScope(['public']), audience), true);
      assert.equal(scopeCovers(['internal_reports'], audience), false);
      assert.equal(scopeCovers([], audience), false);
    }
  });

  it('ends consent two years on by default, 29 February becoming 28 February', () => {
    assert.equal(defaultExpiry('2026-06-01'), '2028-06-01');
    assert.equal(defaultExpiry('2028-02-29'), '2030-02-28');
    assert.equal(defaultExpiry('2026-02-28'), '2028-02-28');
  });
});

describe('the consent form', () => {
  const form = (overrides: Record<string, unknown> = {}) => ({
    givenBy: 'person',
    decidedBy: '',
    consentDate: { day: '1', month: '6', year: '2026' },
    scope: ['show_and_tells'],
    expiresOn: { day: '', month: '', year: '' },
    sawFinalText: 'no',
    ...overrides,
  });

  it('takes a consent with the default expiry', () => {
    assert.deepEqual(validateConsent(form(), '2026-06-10').fields, {
      givenBy: 'person',
      decidedBy: '',
      consentDate: '2026-06-01',
      scope: ['show_and_tells'],
      expiresOn: '2028-06-01',
      sawFinalText: false,
    });
  });

  it('refuses a consent date in the future and an expiry before the consent date', () => {
    assert.match(validateConsent(form(), '2026-05-31').errors!.fields.consentDate, /today or in the past/);
    const early = validateConsent(form({ expiresOn: { day: '31', month: '5', year: '2026' } }), '2026-06-10');
    assert.match(early.errors!.fields.expiresOn, /must be the same as or after the date consent was given \(Monday 1 June 2026\)/);
    assert.equal(
      validateConsent(form({ expiresOn: { day: '1', month: '6', year: '2026' } }), '2026-06-10').fields?.expiresOn,
      '2026-06-01',
    );
  });

  it('needs who made a best-interests decision', () => {
    assert.match(
      validateConsent(form({ givenBy: 'best_interests' }), '2026-06-10').errors!.fields.decidedBy,
      /who made the best-interests decision/,
    );
    assert.equal(
      validateConsent(form({ givenBy: 'best_interests', decidedBy: 'Social worker and GP' }), '2026-06-10').fields?.decidedBy,
      'Social worker and GP',
    );
    assert.equal(
      validateConsent(form({ givenBy: 'person', decidedBy: 'ignored' }), '2026-06-10').fields?.decidedBy,
      '',
      'only a best-interests decision keeps who made it',
    );
  });

  it('keeps team only exclusive, and needs a choice', () => {
    assert.match(validateConsent(form({ scope: ['team_only', 'public'] }), '2026-06-10').errors!.fields.scope, /team only, or the places/);
    assert.match(validateConsent(form({ scope: [] }), '2026-06-10').errors!.fields.scope, /Select where the story may be used/);
    assert.match(validateConsent(form({ scope: ['everywhere'] }), '2026-06-10').errors!.fields.scope, /Select where/);
    assert.deepEqual(validateConsent(form({ scope: ['team_only'] }), '2026-06-10').fields?.scope, []);
    assert.deepEqual(validateConsent(form({ scope: ['public'] }), '2026-06-10').fields?.scope, [
      'show_and_tells',
      'internal_reports',
      'public',
    ]);
  });

  it('refuses a withdrawal in the future, before consent was given, or without who told us', () => {
    const withdrawal = (day: string, toldBy = 'Her son') =>
      validateWithdrawal({ withdrawnOn: { day, month: '6', year: '2026' }, toldBy }, { today: '2026-06-10', consentDate: '2026-06-02' });
    assert.match(withdrawal('11').errors!.fields.withdrawnOn, /today or in the past/);
    assert.match(withdrawal('1').errors!.fields.withdrawnOn, /on or after the date it was given/);
    assert.match(withdrawal('5', '').errors!.fields.toldBy, /who told the team/);
    assert.deepEqual(withdrawal('10').fields, { withdrawnOn: '2026-06-10', toldBy: 'Her son' });
  });
});

describe('the identifier check applied to a story', () => {
  const text = {
    ...EMPTY,
    whatWeDid: 'We went with Gwen, and Gwen came back, then we wrote to ann@example.org',
    title: 'Number 401 023 2137',
  };

  it('finds in every field, numbers each distinct finding once, and keeps explanations only for findings still there, and only of what may be explained', () => {
    const checks = checkStory(text, [
      { field: 'whatWeDid', kind: 'name', text: 'Gwen', explanation: 'The lunch club’s cat' },
      { field: 'whatWeDid', kind: 'email', text: 'ann@example.org', explanation: 'Made up' },
      { field: 'oldWay', kind: 'name', text: 'Gone', explanation: 'Old' },
    ]);
    const all = checks.flatMap((check) => check.findings);
    assert.deepEqual(
      all.map((finding) => [finding.field, finding.kind, finding.text]),
      [
        ['title', 'nhs-number', '401 023 2137'],
        ['whatWeDid', 'name', 'Gwen'],
        ['whatWeDid', 'name', 'Gwen'],
        ['whatWeDid', 'email', 'ann@example.org'],
      ],
    );
    assert.equal(distinctFindings(all).length, 3);
    assert.deepEqual([...findingNumbers(checks).values()], [1, 2, 3]);
    // The email's explanation counts for nothing: contact details and numbers must go.
    assert.deepEqual(
      summarise(checks),
      { total: 3, unexplained: 2, mustGo: 2, state: 'unexplained' },
      'the same words twice are one thing to explain',
    );
    const given = new Map([
      [all[1].key, ' The lunch club’s cat '],
      [all[3].key, 'Made up'],
      ['oldWay|name|Gone', 'Old'],
    ]);
    assert.deepEqual(keptExplanations(checks, given), [
      { field: 'whatWeDid', kind: 'name', text: 'Gwen', explanation: 'The lunch club’s cat' },
    ]);
    assert.equal(summarise(checkStory(EMPTY)).state, 'clean');
  });

  it('marks findings in escaped text, with their number beside them, not colour alone', () => {
    const hostile = { ...EMPTY, whatWeDid: '<script>alert(1)</script> mail x@example.org <b>now</b>' };
    const checks = checkStory(hostile);
    const html = markedHtml(hostile.whatWeDid, checks[2].findings, findingNumbers(checks));
    assert.equal(html.includes('<script>'), false);
    assert.match(
      html,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt; mail <mark class="app-finding">x@example.org<\/mark> <a class="govuk-link app-finding__number" href="#finding-1">\[finding 1\]<\/a> &lt;b&gt;now&lt;\/b&gt;/,
    );
    const pieces = segments(
      'ab',
      [
        { ...checks[2].findings[0], start: 0, end: 2 },
        { ...checks[2].findings[0], start: 1, end: 2 },
      ],
      new Map(),
    );
    assert.equal(pieces.length, 1, 'an overlapping finding stays inside the first mark');
  });
});

describe('the story form', () => {
  const themes = [{ id: 4, name: 'no hand-offs' }] as StoryTheme[];
  const answers = (body: Record<string, unknown>) => readStoryAnswers({ fortnight: '3', ...body });

  it('saves a draft with nothing filled in, and says what review still needs', () => {
    const { fields } = validateStory(answers({}), { themes, latestFortnight: 5 });
    assert.deepEqual(fields, { ...EMPTY, fortnight: 3, conversations: [], themeIds: [], personRef: null });
    assert.deepEqual(missingForReview(fields), [
      'Give the story a title',
      'Say which conversations were involved',
      'Say what mattered to the person',
      'Say what the team did',
      'Say what difference it made',
      'Say what the old way would have done',
    ]);
  });

  it('refuses text over its limit, a fortnight to come, a theme from elsewhere and a name as a person reference', () => {
    const { errors } = validateStory(
      answers({
        title: 'x'.repeat(201),
        whatWeDid: '🙂'.repeat(5001),
        fortnight: '6',
        conversations: ['4'],
        themeIds: ['5'],
        personRef: 'Mrs Jones',
      }),
      { themes, latestFortnight: 5 },
    );
    assert.deepEqual(Object.keys(errors!.fields).sort(), ['conversations', 'fortnight', 'personRef', 'themeIds', 'title', 'whatWeDid']);
    assert.match(errors!.fields.whatWeDid, /What we did must be 5,000 characters or fewer/);
    assert.match(errors!.fields.personRef, /looks like a name/);
  });

  it('counts characters as people do: 5,000 emoji fit', () => {
    assert.ok(
      validateStory(answers({ whatWeDid: '🙂'.repeat(5000), conversations: ['1', '3', '1'], themeIds: ['4'] }), {
        themes,
        latestFortnight: 5,
      }).fields,
    );
  });
});

describe('who may do what with a story', () => {
  const user = (role: SignedInUser['role'], id: number, siteIds = [1]): SignedInUser => ({
    id,
    name: '',
    email: '',
    role,
    siteIds,
    mfaEnabled: true,
  });
  const story = { siteId: 1, authorId: 10 };

  it('lets the author and the site’s leads change it, and a lead who did not write it review it', () => {
    assert.equal(mayEdit(user('practitioner', 10), story), true);
    assert.equal(mayEdit(user('practitioner', 11), story), false);
    assert.equal(mayEdit(user('programme_lead', 12), story), true);
    assert.equal(mayEdit(user('programme_lead', 12, [2]), story), false);
    assert.equal(mayEdit(user('administrator', 13, []), story), false);
    assert.equal(mayReview(user('programme_lead', 12), story), true);
    assert.equal(mayReview(user('programme_lead', 10), story), false, 'not its author');
    assert.equal(mayReview(user('practitioner', 11), story), false);
  });

  it('hides a withdrawn or expired story’s text from all but its author and the site’s leads', () => {
    for (const state of ['withdrawn', 'expired'] as const) {
      assert.equal(maySeeText(user('practitioner', 10), story, state), true);
      assert.equal(maySeeText(user('programme_lead', 12), story, state), true);
      assert.equal(maySeeText(user('practitioner', 11), story, state), false);
      assert.equal(maySeeText(user('administrator', 13, []), story, state), false);
    }
    assert.equal(maySeeText(user('administrator', 13, []), story, 'live'), true);
  });
});
