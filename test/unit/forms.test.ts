import assert from 'node:assert/strict';
import { FormErrorsBuilder, parseDateInput, text } from '../../server/http/forms.js';
import { parseHuddleTime, validateSite, blankSiteAnswers } from '../../server/sites/form.js';
import { parseBankHolidaysJson } from '../../server/calendar/bank-holidays-file.js';

function date(day: string, month: string, year: string) {
  const errors = new FormErrorsBuilder();
  const value = parseDateInput({ day, month, year }, 'Go-live date', errors, 'goLive');
  return { value, error: errors.result()?.fields.goLive, href: errors.result()?.summary[0].href };
}

describe('form helpers', () => {
  it('reads dates the way the GOV.UK Design System asks', () => {
    assert.equal(date('2', '3', '2026').value, '2026-03-02');
    assert.equal(date('02', 'March', '2026').value, '2026-03-02');
    assert.equal(date('2', 'mar', '2026').value, '2026-03-02');
    assert.equal(date('2', 'Sept', '2026').value, '2026-09-02');
    assert.deepEqual(date('', '', ''), { value: undefined, error: 'Enter the go-live date', href: '#goLive-day' });
    assert.deepEqual(date('2', '', '2026'), { value: undefined, error: 'Go-live date must include a month', href: '#goLive-month' });
    assert.deepEqual(date('', '', '2026'), { value: undefined, error: 'Go-live date must include a day and month', href: '#goLive-day' });
    assert.equal(date('31', '2', '2026').error, 'Go-live date must be a real date');
    assert.equal(date('29', '2', '2027').error, 'Go-live date must be a real date');
    assert.equal(date('29', '2', '2028').value, '2028-02-29');
    assert.equal(date('1', '13', '2026').error, 'Go-live date must be a real date');
    assert.equal(date('x', '1', '2026').error, 'Go-live date must be a real date');
    assert.equal(date('1', '1', '26').error, 'Year must include 4 numbers');
    assert.equal(date('1', '1', '1899').error, 'Go-live date must be between 2000 and 2099');
  });

  it('cleans text without losing what people typed', () => {
    assert.equal(text({ name: '  Café  ' }, 'name'), 'Café');
    assert.equal(text({ name: 'Cafe\u0301' }, 'name'), 'Café'); // NFC
    assert.equal(text({ name: 'a\u0000b\u0007c' }, 'name'), 'abc');
    assert.equal(text({ name: 'two\r\nlines' }, 'name'), 'two lines');
    assert.equal(text({ note: 'two\r\nlines' }, 'note', { multiline: true }), 'two\nlines');
    assert.equal(text({ name: ['first', 'second'] }, 'name'), 'first');
    assert.equal(text({}, 'name'), '');
  });

  it('reads huddle times in the forms people write them', () => {
    assert.equal(parseHuddleTime('9:30'), '09:30');
    assert.equal(parseHuddleTime('09.30'), '09:30');
    assert.equal(parseHuddleTime('0930'), '09:30');
    assert.equal(parseHuddleTime('24:00'), undefined);
    assert.equal(parseHuddleTime('9:75'), undefined);
    assert.equal(parseHuddleTime('half nine'), undefined);
  });

  it('counts characters, not bytes, against the name limit', () => {
    const answers = {
      ...blankSiteAnswers(),
      name: '🏠'.repeat(100),
      goLive: { day: '1', month: '1', year: '2026' },
      firstFortnight: { day: '1', month: '1', year: '2026' },
    };
    assert.equal(validateSite(answers).errors, undefined);
    assert.match(validateSite({ ...answers, name: '🏠'.repeat(101) }).errors!.fields.name, /100 characters or fewer/);
  });

  it('reads bank holidays from GOV.UK’s file and from a plain list', () => {
    const govuk = JSON.stringify({
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true }],
      },
      scotland: { events: [] },
    });
    assert.deepEqual(parseBankHolidaysJson(govuk), [{ date: '2029-01-01', title: 'New Year’s Day' }]);
    assert.deepEqual(parseBankHolidaysJson('[{"date":"2029-04-02","title":"Easter Monday"}]'), [
      { date: '2029-04-02', title: 'Easter Monday' },
    ]);
    assert.throws(() => parseBankHolidaysJson('not json'), /not JSON/);
    assert.throws(() => parseBankHolidaysJson('[{"date":"2029-02-30","title":"x"}]'), /no real date/);
    assert.throws(() => parseBankHolidaysJson('{"scotland":{}}'), /england-and-wales/);
  });
});
