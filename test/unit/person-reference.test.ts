import assert from 'node:assert/strict';
import { isNhsNumber, personReferenceProblem } from '../../server/contacts/person-reference.js';

describe('person references', () => {
  it('accepts case-system ids and made-up codes', () => {
    for (const reference of ['123456', 'HX-0417', 'MOS 99812', 'LAS/2026/004', 'ab_12', 'C1-0042', 'Ŵ-12', '9434765918x'.slice(0, 6)]) {
      assert.equal(personReferenceProblem(reference), undefined, reference);
    }
  });

  it('refuses names, with or without a title', () => {
    for (const reference of ['Mrs Jones', 'mr smith 2', 'John Smith', 'Dr. Patel', 'John Smith 4', "Siân O'Neill 3", 'Seán Ó Briain 1']) {
      assert.match(personReferenceProblem(reference) ?? '', /looks like a name/, reference);
    }
  });

  it('refuses a single word with no number, since it may be a name', () => {
    assert.match(personReferenceProblem('Jones') ?? '', /at least one number/);
  });

  it('refuses NHS numbers with a valid check digit, however they are spaced', () => {
    assert.equal(isNhsNumber('9434765919'), true);
    assert.equal(isNhsNumber('9434765918'), false);
    for (const reference of ['9434765919', '943 476 5919', '943-476-5919', 'NHS 9434765919']) {
      assert.match(personReferenceProblem(reference) ?? '', /NHS number/, reference);
    }
    assert.equal(personReferenceProblem('9434765918'), undefined, 'ten digits that fail the check are a case id');
  });

  it('reads case-system references with hyphens as references, even when the digits joined would pass the check', () => {
    // 4900000000 passes the check digit (4×10 + 9×9 = 121, a multiple of 11, so the check is 0).
    assert.equal(isNhsNumber('4900000000'), true);
    for (const reference of ['B49-00000000', 'B49-00000000-2', '49-0000-0000', 'REF 943 4765919', '9434-765-919']) {
      assert.equal(personReferenceProblem(reference), undefined, reference);
    }
    assert.match(personReferenceProblem('B 4900000000') ?? '', /NHS number/, 'ten digits written as one still are');
  });

  it('refuses dates of birth in the usual shapes', () => {
    for (const reference of ['01/03/1950', '1-3-50', '1950-03-01', '1 March 1950', '3rd Mar 50', 'DOB 123', 'AB 12.03.1948']) {
      assert.match(personReferenceProblem(reference) ?? '', /date of birth/, reference);
    }
  });

  it('refuses emails, phone numbers and postcodes', () => {
    assert.match(personReferenceProblem('a.person@example.org') ?? '', /email/);
    assert.match(personReferenceProblem('07700 900123') ?? '', /phone/);
    assert.match(personReferenceProblem('E8 1DY') ?? '', /postcode/);
  });

  it('refuses empty, overlong and hostile input with a clear message', () => {
    assert.match(personReferenceProblem('   ') ?? '', /Enter a person reference/);
    assert.match(personReferenceProblem('A1'.repeat(20)) ?? '', /30 characters or fewer/);
    assert.match(personReferenceProblem('<script>1</script>') ?? '', /only include letters, numbers/);
    assert.match(personReferenceProblem('12; drop table') ?? '', /only include letters, numbers/);
  });
});
