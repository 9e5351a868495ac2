import assert from 'node:assert/strict';
import { parsePounds, validateRecord, blankRecordAnswers, type ContactRecordAnswers } from '../../server/contacts/form.js';
import { checkRecordFilter, readCursor, readRecordFilter, recordFilterQuery } from '../../server/contacts/filter.js';
import { dateInputFromIso } from '../../server/http/forms.js';
import { contactFields } from './helpers.js';

describe('contact record form rules', () => {
  it('reads pounds as people type them', () => {
    assert.deepEqual(parsePounds('£1,234.50'), { pounds: '1234.50' });
    assert.deepEqual(parsePounds('1234.5'), { pounds: '1234.50' });
    assert.deepEqual(parsePounds('£ 12'), { pounds: '12.00' });
    assert.deepEqual(parsePounds('0'), { pounds: '0.00' });
    assert.deepEqual(parsePounds('1,000,000'), { pounds: '1000000.00' });
    for (const bad of ['-1', '£-1', 'abc', '1,23', '12,3456', '1.234', '1e5', 'Infinity', '£', '.5.5', '0x10'])
      assert.ok(parsePounds(bad).problem, bad);
  });

  const answers = (overrides: Partial<ContactRecordAnswers> = {}): ContactRecordAnswers => ({
    ...blankRecordAnswers(),
    personRef: 'HX-0417',
    contact: dateInputFromIso('2026-05-04'),
    wayOfWorking: 'new',
    ...overrides,
  });
  const context = { team: [{ id: 7, name: 'Lead', role: 'practitioner' as const }], today: '2026-06-10' };

  it('accepts the least a record needs, with the optional parts empty', () => {
    const { fields, errors } = validateRecord(answers(), context);
    assert.equal(errors, undefined);
    // What validation gives for the least a record needs is the tests' contactFields (which this checks).
    assert.deepEqual(fields, contactFields({ contactDate: '2026-05-04' }));
  });

  it('lets the highest conversation equal or pass the latest dated one, and accepts today', () => {
    const { fields } = validateRecord(
      answers({ c1: dateInputFromIso('2026-05-05'), c2: dateInputFromIso('2026-06-10'), highestConversation: '3', leadWorkerId: '7' }),
      context,
    );
    assert.equal(fields?.highestConversation, 3);
    assert.equal(fields?.c2Date, '2026-06-10');
    assert.equal(fields?.leadWorkerId, 7);
    assert.ok(validateRecord(answers({ c3: dateInputFromIso('2026-05-05'), highestConversation: '2' }), context).errors);
  });

  it('reads the list filter leniently and checks its date range', () => {
    const filter = readRecordFilter({
      conversation: '2',
      outcome: 'nfa',
      lead: 'none',
      waiting: 'yes',
      way: 'old',
      'from-day': '1',
      'from-month': 'march',
      'from-year': '2026',
    });
    const { filter: checked, errors } = checkRecordFilter(filter);
    assert.equal(errors, undefined);
    assert.equal(checked.fromDate, '2026-03-01');
    assert.equal(
      recordFilterQuery(filter, { after: '2026-03-02_5' }),
      'conversation=2&outcome=nfa&lead=none&waiting=yes&way=old&from-day=1&from-month=march&from-year=2026&after=2026-03-02_5',
    );
    assert.deepEqual(readCursor('2026-03-02_5'), { date: '2026-03-02', id: 5 });
    for (const bad of ['2026-02-30_5', '2026-03-02_0', '2026-03-02', '2026-3-2_5', '2026-03-02_99999999999', ['2026-03-02_5']])
      assert.equal(readCursor(bad), undefined, String(bad));
  });
});
