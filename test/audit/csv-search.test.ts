import assert from 'node:assert/strict';
import { csvCell, csvRow } from '../../server/http/csv.js';
import { pageItems, validateAuditSearch, readAuditSearch } from '../../server/audit/search.js';

describe('audit CSV cells', () => {
  it('leaves plain text, numbers and empty cells alone', () => {
    assert.equal(csvCell('account.invited'), 'account.invited');
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell('Zoë Ünal'), 'Zoë Ünal');
  });

  it('puts a single quote before anything a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=cmd()'), "'=cmd()");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=x'), "'\t=x");
    assert.equal(csvCell('a=b'), 'a=b');
  });

  it('quotes as RFC 4180 says: commas, double quotes and line breaks', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('\r=x'), `"'\r=x"`);
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('ends each row with CRLF', () => {
    assert.equal(csvRow(['a', 1, null, 'b,c']), 'a,1,,"b,c"\r\n');
  });
});

describe('audit search', () => {
  it('numbers pages as GOV.UK pagination does, with gaps marked', () => {
    const shown = (current: number, total: number) =>
      pageItems(current, total)
        .map((item) => ('ellipsis' in item ? '…' : item.current ? `[${item.number}]` : String(item.number)))
        .join(' ');
    assert.equal(shown(1, 1), '[1]');
    assert.equal(shown(1, 3), '[1] 2 3');
    assert.equal(shown(5, 10), '1 … 4 [5] 6 … 10');
    assert.equal(shown(10, 10), '1 … 9 [10]');
    assert.equal(shown(3, 10), '1 2 [3] 4 … 10');
  });

  it('checks the dates and the lengths of what was typed', () => {
    const read = (query: Record<string, string>) => validateAuditSearch(readAuditSearch(query));
    assert.deepEqual(read({}).search, { person: undefined, recordType: undefined, recordId: undefined, from: undefined, to: undefined });
    assert.deepEqual(read({ 'from-day': '1', 'from-month': 'jun', 'from-year': '2026' }).search?.from, '2026-06-01');
    assert.match(read({ 'from-day': '31', 'from-month': '2', 'from-year': '2026' }).errors!.fields.from, /must be a real date/);
    assert.match(read({ 'to-day': '1', 'to-year': '2026' }).errors!.fields.to, /must include a month/);
    const backwards = read({ 'from-day': '2', 'from-month': '6', 'from-year': '2026', 'to-day': '1', 'to-month': '6', 'to-year': '2026' });
    assert.match(backwards.errors!.fields.to, /To date must be the same as or after the from date/);
    assert.match(read({ person: 'x'.repeat(255) }).errors!.fields.person, /Person must be 254 characters or fewer/);
  });
});
