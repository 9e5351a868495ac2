import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { personReferenceProblem } from '../../server/contacts/person-reference.js';
import {
  CONTACT_COLUMNS,
  contactTemplateCsv,
  CsvReader,
  csvLine,
  DEFAULT_MAX_BYTES,
  describeSize,
  NOT_CSV,
  readContactCsv,
  type ByteSource,
  type ContactColumn,
  type ReadContactCsvOptions,
} from '../../server/contacts/import/index.js';

const today = '2026-11-23';
const HEADER = CONTACT_COLUMNS.join(',');
const GOOD: Record<ContactColumn, string> = {
  person_ref: 'HX-0417',
  contact_date: '2026-03-02',
  first_conversation_date: '2026-03-04',
  highest_conversation: '2',
  outcome: 'community',
  handoffs: '1',
  funding_panel: 'no',
  weekly_cost_gbp: '',
  way_of_working: 'new',
  team: 'North',
};

/** A row of the file, quoted where needed but otherwise as written (csvLine would guard formulas). */
function line(values: Partial<Record<ContactColumn, string>> = {}): string {
  // A contact with no first conversation is waiting: no highest conversation and no outcome unless the test says so.
  const waiting = values.first_conversation_date === '' ? { highest_conversation: '', outcome: '' } : {};
  const row: Partial<Record<ContactColumn, string>> = { ...waiting, ...values };
  const cells = CONTACT_COLUMNS.map((column) => row[column] ?? GOOD[column]);
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

/** The bytes in chunks of `size`, so chunk boundaries fall inside characters, quotes and line ends. */
async function* split(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function read(source: ByteSource | string | Buffer, options: Partial<ReadContactCsvOptions> = {}) {
  const input = typeof source === 'string' || Buffer.isBuffer(source) ? chunks(source) : source;
  const reading = readContactCsv(input, { today, ...options });
  const rows = [];
  const problems = [];
  const batchSizes = [];
  for await (const batch of reading) {
    rows.push(...batch.rows);
    problems.push(...batch.problems);
    batchSizes.push(batch.rows.length);
  }
  return { rows, problems, batchSizes, summary: reading.summary };
}

async function fileProblem(source: ByteSource | string | Buffer, options: Partial<ReadContactCsvOptions> = {}) {
  return (await read(source, options)).summary.fileProblem;
}

describe('contact import: reading the file', () => {
  it('reads UTF-8 without a byte order mark, and the header in any order and case', async () => {
    const { rows, problems, summary } = await read(
      `Team, WAY_OF_WORKING,Person Ref,contact_date,first_conversation_date,highest_conversation,outcome,handoffs,funding_panel,weekly_cost_gbp\nCafé Ŵ,old,HX-1,01/03/2026,02/03/2026,C3,Long term,,Y,£7\n`,
    );
    assert.deepEqual(problems, []);
    assert.equal(summary.encoding, 'utf-8');
    assert.deepEqual(rows, [
      {
        row: 2,
        personRef: 'HX-1',
        contactDate: '2026-03-01',
        firstConversationDate: '2026-03-02',
        highestConversation: 3,
        outcome: 'long_term',
        handoffs: 0,
        fundingPanel: true,
        weeklyCostGbp: '7.00',
        wayOfWorking: 'old',
        team: 'Café Ŵ',
      },
    ]);
  });

  it('reads UTF-8 with a byte order mark', async () => {
    const { rows, summary } = await read(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n${line({ team: 'Tîm' })}\n`)]),
    );
    assert.equal(summary.encoding, 'utf-8');
    assert.equal(rows[0].personRef, 'HX-0417');
    assert.equal(rows[0].team, 'Tîm');
  });

  it('reads Windows-1252, with its £ sign, curly quotes and euro', async () => {
    const bytes = Buffer.from(`${HEADER}\n${line({ weekly_cost_gbp: '\xa31,234.50', team: '\x93North\x94 \x80 \x96' })}\n`, 'latin1');
    const { rows, problems, summary } = await read(bytes);
    assert.deepEqual(problems, []);
    assert.equal(summary.encoding, 'windows-1252');
    assert.equal(rows[0].weeklyCostGbp, '1234.50');
    assert.equal(rows[0].team, '“North” € –');
  });

  it('switches to Windows-1252 when a £ first appears far into a file that was plain ASCII', async () => {
    const body = Array.from({ length: 400 }, (_, index) => line({ person_ref: `HX-${index}` })).join('\n');
    const bytes = Buffer.from(`${HEADER}\n${body}\n${line({ person_ref: 'HX-x1', weekly_cost_gbp: '\xa35' })}\n`, 'latin1');
    const { rows, problems, summary } = await read(split(bytes, 1000));
    assert.deepEqual(problems, []);
    assert.equal(summary.encoding, 'windows-1252');
    assert.equal(rows.at(-1)!.weeklyCostGbp, '5.00');
  });

  it('refuses a file that is UTF-8 at the start and something else later', async () => {
    const body = Array.from({ length: 400 }, (_, index) => line({ person_ref: `HX-${index}`, team: 'Café' })).join('\n');
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${body}\n`),
      Buffer.from(`${line({ person_ref: 'HX-x', team: 'Caf\xe9' })}\n`, 'latin1'),
    ]);
    assert.match((await fileProblem(split(bytes, 4096))) ?? '', /^Part of this file is not in the UTF-8 encoding/);
  });

  it('keeps a character whose bytes are split between chunks', async () => {
    const body = Array.from({ length: 200 }, (_, index) => line({ person_ref: `HX-${index}`, team: 'Siân 😀 £' })).join('\r\n');
    const { rows, problems } = await read(split(Buffer.from(`${HEADER}\r\n${body}\r\n`), 7));
    assert.deepEqual(problems, []);
    assert.equal(rows.length, 200);
    assert.ok(rows.every((row) => row.team === 'Siân 😀 £'));
  });

  it('reads CRLF, LF and CR line ends, with or without a last line end, skipping blank lines', async () => {
    for (const [text, lines] of [
      [`${HEADER}\r\n${line()}\r\n\r\n${line({ person_ref: 'HX-2' })}\r\n`, [2, 4]],
      [`${HEADER}\n\n${line()}\n${line({ person_ref: 'HX-2' })}`, [3, 4]],
      [`${HEADER}\r${line()}\r${line({ person_ref: 'HX-2' })}\r\r`, [2, 3]],
      [`${HEADER}\n${line()}\n,,,,,,,,,\n${line({ person_ref: 'HX-2' })}\n`, [2, 4]],
    ] as const) {
      const { rows, problems } = await read(split(Buffer.from(text), 3));
      assert.deepEqual(problems, []);
      assert.deepEqual(
        rows.map((row) => row.row),
        lines,
      );
    }
  });

  it('reads quoted cells with commas, doubled quotes and new lines, counting lines for later rows', async () => {
    const text = `${HEADER}\n${line({ team: 'North, "the" hub\nsecond line' })}\n${line({ person_ref: 'HX-2' }).replace('North', ' "East" ')}\n`;
    assert.match(text, /"North, ""the"" hub\nsecond line"/);
    const { rows, problems } = await read(split(Buffer.from(text), 5));
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((row) => [row.row, row.team]),
      [
        [2, 'North, "the" hub\nsecond line'],
        [4, 'East'],
      ],
    );
  });

  it('reads records from text in any chunks with CsvReader', () => {
    const reader = new CsvReader();
    const records = [...reader.push('a,"b\r'), ...reader.push('\nc""",d\r'), ...reader.push('\ne,'), ...reader.end()];
    assert.deepEqual(records, [
      { line: 1, cells: ['a', 'b\r\nc"', 'd'] },
      { line: 3, cells: ['e', ''] },
    ]);
  });

  it('says which line a quote that is never closed starts on', async () => {
    const problem = `The quote (") that starts a cell on line 3 is never closed. Check the cell has a closing quote`;
    const { problems, summary } = await read(
      `${HEADER}\n${line()}\n${line({ person_ref: 'HX-2' }).replace('North', '"North')}\n${line({ person_ref: 'HX-3' })}\n`,
    );
    assert.equal(summary.fileProblem, problem);
    assert.deepEqual(problems.at(-1), { row: 3, column: '', value: '', problem });
  });

  it('can be given a Node Readable, and yields rows in batches', async () => {
    const text = `${HEADER}\n${[1, 2, 3, 4, 5].map((number) => line({ person_ref: `HX-${number}` })).join('\n')}\n`;
    const { rows, batchSizes } = await read(Readable.from([Buffer.from(text)]), { batchSize: 2 });
    assert.equal(rows.length, 5);
    assert.deepEqual(batchSizes, [2, 2, 1]);
  });
});

describe('contact import: the header and the file as a whole', () => {
  it('lists extra columns, ignoring them and empty headings', async () => {
    const { rows, problems, summary } = await read(`${HEADER},Case worker,NOTES,\n${line()},Someone,anything,\n`);
    assert.deepEqual(problems, []);
    assert.equal(rows.length, 1);
    assert.deepEqual(summary.extraColumns, ['Case worker', 'NOTES']);
    assert.deepEqual((await read(`${HEADER},,\n${line()}\n`)).problems, []);
  });

  it('names every missing column in one problem', async () => {
    const { problems, summary } = await read('Person_Ref,team,handoffs\nHX-1,North,0\n');
    const problem =
      'The header is missing the columns contact_date, first_conversation_date, highest_conversation, outcome, funding_panel and way_of_working. The first line must name the columns, as in the template';
    assert.equal(summary.fileProblem, problem);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].row, 1);
    const one = await read(HEADER.replace(',team', '').replace('way_of_working', 'way') + '\n');
    assert.equal(
      one.summary.fileProblem,
      'The header is missing the column way_of_working. The first line must name the columns, as in the template',
    );
  });

  it('refuses a column named twice', async () => {
    const { problems } = await read(`${HEADER}, Outcome \n`);
    assert.deepEqual(problems, [
      { row: 1, column: 'outcome', value: 'outcome', problem: 'The column outcome appears more than once in the header. Keep only one' },
    ]);
  });

  it('refuses binary junk, workbooks and UTF-16', async () => {
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, index) => (index * 7919) % 256));
    assert.equal(await fileProblem(junk), NOT_CSV);
    assert.match(NOT_CSV, /^This file is not a CSV file/);
    assert.equal(await fileProblem(Buffer.from(`${HEADER}\n\x01\x02\x03\x04\x05\x06\x07\x08\n`)), NOT_CSV);
    assert.match((await fileProblem(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))) ?? '', /Excel workbook/);
    assert.match((await fileProblem(Buffer.from(`\ufeff${HEADER}`, 'utf16le'))) ?? '', /UTF-16/);
    const late = Buffer.concat([Buffer.from(`${HEADER}\n${line()}\n`.repeat(100)), Buffer.from([0, 0, 0])]);
    assert.equal(await fileProblem(split(late, 9000)), NOT_CSV);
  });

  it('says an empty file is empty', async () => {
    for (const empty of ['', '\ufeff', '\r\n\n  \n']) assert.equal(await fileProblem(empty), 'The file is empty');
  });

  it('says when a file has only its header', async () => {
    assert.equal(await fileProblem(`${HEADER}\r\n\r\n`), 'The file has a header row but no contacts below it');
  });

  it('stops as soon as the file is larger than the limit, and reads no further', async () => {
    assert.equal(describeSize(DEFAULT_MAX_BYTES), '50 MB');
    let chunksRead = 0;
    let closed = false;
    async function* endless() {
      try {
        yield Buffer.from(`${HEADER}\n`);
        for (;;) {
          chunksRead += 1;
          yield Buffer.from(`${line({ person_ref: `HX-${chunksRead}` })}\n`.repeat(100));
        }
      } finally {
        closed = true;
      }
    }
    const { summary } = await read(endless(), { maxBytes: 2 * 1024 * 1024 });
    assert.equal(summary.fileProblem, 'The file is larger than 2 MB');
    assert.ok(chunksRead < 400 && closed, `${chunksRead} chunks read`);
  });
});

describe('contact import: checking each row', () => {
  async function problemsFor(values: Partial<Record<ContactColumn, string>>) {
    const { problems, rows } = await read(`${HEADER}\n${line(values)}\n`);
    return { problems: problems.map(({ column, value, problem }) => ({ column, value, problem })), row: rows[0] };
  }

  const personProblem = (value: string) => personReferenceProblem(value)!;
  const cases: [ContactColumn, string, string][] = [
    ['person_ref', '', personProblem('')],
    ['person_ref', 'John Smith', personProblem('John Smith')],
    ['person_ref', '943 476 5919', personProblem('943 476 5919')],
    ['person_ref', 'HX 01/02/1950', personProblem('HX 01/02/1950')],
    ['person_ref', '=HYPERLINK("x")', personProblem('=HYPERLINK("x")')],
    ['contact_date', '', 'Enter the contact date'],
    ['contact_date', '2026/03/01', 'Contact date must be a date like 2026-03-01 or 01/03/2026'],
    ['contact_date', '1/3/26', 'Contact date must be a date like 2026-03-01 or 01/03/2026'],
    ['contact_date', '31/02/2026', 'Contact date must be a real date'],
    ['contact_date', '2026-13-01', 'Contact date must be a real date'],
    ['contact_date', '01/03/1999', 'Contact date must be in the years 2000 to 2099'],
    ['contact_date', '2026-11-24', 'Contact date must be today or in the past'],
    ['first_conversation_date', '2026-03-01', 'First conversation date must be the same as or after the contact date'],
    ['first_conversation_date', '29/02/2026', 'First conversation date must be a real date'],
    ['first_conversation_date', '01/01/2027', 'First conversation date must be today or in the past'],
    ['highest_conversation', '4', 'Highest conversation must be 1, 2, 3 or empty'],
    ['highest_conversation', 'C1 and C2', 'Highest conversation must be 1, 2, 3 or empty'],
    ['outcome', 'resolved', 'Outcome must be one of resolved_c1, community, equipment, short_term, long_term, signposted, nfa, or empty'],
    ['handoffs', '1.5', 'Hand-offs must be a whole number from 0 to 1000'],
    ['handoffs', '-1', 'Hand-offs must be a whole number from 0 to 1000'],
    ['handoffs', '1001', 'Hand-offs must be a whole number from 0 to 1000'],
    ['handoffs', '=1+1', 'Hand-offs must be a whole number from 0 to 1000'],
    ['funding_panel', 'maybe', 'Funding panel must be yes or no'],
    ['weekly_cost_gbp', 'ten pounds', 'Weekly cost must be an amount in pounds, like 245.50 or £1,234.50'],
    ['weekly_cost_gbp', '1,23', 'Weekly cost must be an amount in pounds, like 245.50 or £1,234.50'],
    ['weekly_cost_gbp', '+5', 'Weekly cost must be an amount in pounds, like 245.50 or £1,234.50'],
    ['weekly_cost_gbp', '12.345', 'Weekly cost must have no more than 2 decimal places'],
    ['weekly_cost_gbp', '-5', 'Weekly cost must be 0 or more'],
    ['weekly_cost_gbp', '£123,456,789', 'Weekly cost must be £99,999,999.99 or less'],
    ['way_of_working', '', 'Enter the way of working: old or new'],
    ['way_of_working', 'both', 'Way of working must be old or new'],
    ['team', 'N'.repeat(101), 'Team must be 100 characters or fewer'],
  ];
  for (const [column, value, problem] of cases) {
    it(`${column} "${value.slice(0, 20)}": ${problem.slice(0, 60)}`, async () => {
      assert.deepEqual((await problemsFor({ [column]: value })).problems, [{ column, value, problem }]);
    });
  }

  it('accepts the other ways of writing each value, trimmed', async () => {
    const { row, problems } = await problemsFor({
      person_ref: ' LAS/2026/004 ',
      contact_date: '01/03/2026 00:00',
      first_conversation_date: '1/3/2026',
      highest_conversation: 'c1',
      outcome: ' RESOLVED_C1',
      handoffs: '007',
      funding_panel: 'TRUE',
      weekly_cost_gbp: '£ 1,234.5',
      way_of_working: 'Old',
      team: '@North',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(row, {
      row: 2,
      personRef: 'LAS/2026/004',
      contactDate: '2026-03-01',
      firstConversationDate: '2026-03-01',
      highestConversation: 1,
      outcome: 'resolved_c1',
      handoffs: 7,
      fundingPanel: true,
      weeklyCostGbp: '1234.50',
      wayOfWorking: 'old',
      team: '@North',
    });
  });

  it('reports every problem in a row, with the line it is on', async () => {
    const { problems } = await read(`${HEADER}\n${line()}\n${line({ person_ref: 'HX-2', outcome: 'x', handoffs: 'x' })}\n`);
    assert.deepEqual(
      problems.map(({ row, column }) => [row, column]),
      [
        [3, 'outcome'],
        [3, 'handoffs'],
      ],
    );
  });

  it('counts the rows with problems apart from the problems', async () => {
    const { summary } = await read(
      `${HEADER}\n${line()}\n${line({ person_ref: 'HX-2', outcome: 'x', handoffs: 'x' })}\n${line({ person_ref: 'HX-3', handoffs: 'x' })}\n`,
    );
    assert.deepEqual([summary.problemCount, summary.rowsWithProblems], [3, 2]);
  });

  it('refuses a highest conversation without a first conversation date', async () => {
    const { rows, problems } = await read(
      `${HEADER}\n${line({ first_conversation_date: '', highest_conversation: '3', outcome: 'long_term' })}\n`,
    );
    assert.equal(rows.length, 0);
    assert.deepEqual(problems, [
      {
        row: 2,
        column: 'highest_conversation',
        value: '3',
        problem:
          'Highest conversation is 3 but there is no first conversation date. Enter the first conversation date, or leave highest conversation empty',
      },
    ]);
    // An outcome with no first conversation (closed at the front door) is allowed, and so is a waiting contact.
    const closed = await read(
      `${HEADER}\n${line({ first_conversation_date: '', outcome: 'signposted' })}\n${line({ person_ref: 'HX-2', first_conversation_date: '' })}\n`,
    );
    assert.deepEqual([closed.rows.length, closed.problems.length], [2, 0]);
  });

  it('takes a file without the optional columns (weekly cost and team)', async () => {
    const columns = CONTACT_COLUMNS.filter((column) => column !== 'weekly_cost_gbp' && column !== 'team');
    const { rows, problems, summary } = await read(`${columns.join(',')}\n${columns.map((column) => GOOD[column]).join(',')}\n`);
    assert.deepEqual([problems, summary.fileProblem], [[], null]);
    assert.deepEqual([rows[0].weeklyCostGbp, rows[0].team], [null, '']);
    const noOutcome = await read(`${CONTACT_COLUMNS.filter((column) => column !== 'outcome').join(',')}\n`);
    assert.match(noOutcome.summary.fileProblem ?? '', /outcome/);
  });

  it('refuses a row with a different number of cells, but not empty cells at the end', async () => {
    const { rows, problems } = await read(`${HEADER}\n${line()},,\n${line({ person_ref: 'HX-2' })},extra\nHX-3,2026-03-02\n`);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      problems.map((problem) => problem.problem),
      ['Row 3 has 11 cells but the header has 10', 'Row 4 has 2 cells but the header has 10'],
    );
  });

  it('refuses a repeat of a person reference and contact date within the file', async () => {
    const { rows, problems, summary } = await read(
      `${HEADER}\n${line()}\n${line({ contact_date: '2026-03-03' })}\n${line({ contact_date: '02/03/2026' })}\n`,
    );
    assert.equal(rows.length, 2);
    assert.equal(summary.duplicatesInFile, 1);
    assert.deepEqual(problems, [
      { row: 4, column: 'person_ref', value: 'HX-0417', problem: 'Row 4 repeats row 2: same person reference and contact date' },
    ]);
  });

  it('sums up the file for the preview', async () => {
    const lines = [
      line({ contact_date: '2026-05-01', first_conversation_date: '', way_of_working: 'old' }),
      line({ contact_date: '01/02/2025', way_of_working: 'old' }),
      line({ person_ref: 'HX-9', first_conversation_date: '', contact_date: '2026-06-30' }),
      line({ person_ref: 'x' }),
    ];
    const { summary } = await read(`${HEADER},notes\n${lines.map((text) => `${text},`).join('\n')}`);
    assert.deepEqual(
      { ...summary, bytesRead: 0 },
      {
        encoding: 'utf-8',
        bytesRead: 0,
        rowCount: 4,
        validRowCount: 3,
        earliestContactDate: '2025-02-01',
        latestContactDate: '2026-06-30',
        byWayOfWorking: { old: 2, new: 1 },
        extraColumns: ['notes'],
        duplicatesInFile: 0,
        problemCount: 1,
        rowsWithProblems: 1,
        problemsOmitted: 0,
        fileProblem: null,
        finished: true,
      },
    );
  });

  it('lists the first problems and only counts the rest', async () => {
    const text = `${HEADER}\n${Array.from({ length: 20 }, (_, index) => line({ person_ref: `HX-${index}`, outcome: 'x' })).join('\n')}`;
    const { problems, summary } = await read(text, { maxProblems: 5 });
    assert.equal(problems.length, 5);
    assert.deepEqual([summary.problemCount, summary.problemsOmitted], [20, 15]);
  });

  it('writes a template of made-up rows that reads without a problem', async () => {
    const template = contactTemplateCsv();
    assert.ok(template.startsWith(`${HEADER}\r\n`));
    const { rows, problems } = await read(template);
    assert.deepEqual(problems, []);
    assert.equal(rows.length, 3);
    assert.equal(csvLine(['=SUM(A1)', 'a,b', '-2']), `'=SUM(A1),"a,b",'-2`);
  });
});

describe('contact import: a large file', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  async function* generated(rows: number) {
    yield Buffer.from(`${HEADER}\r\n`);
    for (let first = 1; first <= rows; first += 500) {
      const lines = [];
      for (let number = first; number < first + 500 && number <= rows; number += 1) {
        const day = String(1 + (number % 28)).padStart(2, '0');
        lines.push(
          `MOS-${number},${day}/0${1 + (number % 9)}/2025,2025-10-${day},${1 + (number % 3)},long_term,${number % 5},yes,"£1,234.50",${number % 2 ? 'old' : 'new'},Team A\r\n`,
        );
      }
      yield Buffer.from(lines.join(''));
    }
  }

  it('reads 200,000 rows in a few seconds with memory that stays flat', async function () {
    this.timeout(30_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const reading = readContactCsv(generated(200_000), { today });
    let rows = 0;
    let batches = 0;
    let peak = 0;
    for await (const batch of reading) {
      rows += batch.rows.length;
      batches += 1;
      if (batches % 40 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    gc();
    const after = process.memoryUsage().heapUsed - before;
    assert.equal(rows, 200_000);
    assert.equal(reading.summary.problemCount, 0);
    assert.ok(seconds < 10, `${seconds} s`);
    // What stays is the duplicate check's one key a row, about 100 bytes each.
    assert.ok(peak < 40e6, `peak ${peak / 1e6} MB above the start`);
    assert.ok(after < 5e6, `${after / 1e6} MB left above the start`);
  });
});
