import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../server/cli/index.js';
import { loadConfig } from '../../server/config.js';

const run = promisify(execFile);

describe('command line: check-story', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ist-story-'));
  });
  after(async () => fs.rm(dir, { recursive: true }));

  async function file(name: string, content: string | Uint8Array) {
    const target = path.join(dir, name);
    await fs.writeFile(target, content);
    return target;
  }

  // No database: the command is `database: 'none'`, so none is opened.
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, loadConfig({ NODE_ENV: 'test' }));
    return { code, out, err: err.join('\n') };
  }

  it('prints one finding a line (kind, the text quoted, line and column, why) and exits 1', async () => {
    const story = await file(
      'story.txt',
      'What mattered to her\r\nMrs Okafor, aged 93, wanted to stay at home.\r\nHer daughter rang from 07700 900123.\r\n',
    );
    const { code, out, err } = await cli('check-story', story);
    assert.equal(code, 1);
    assert.equal(out.length, 3);
    const [name, age, phone] = out.map((line) => line.split('\t'));
    assert.deepEqual(name.slice(0, 3), ['name', '"Mrs Okafor"', 'line 2, column 1']);
    assert.deepEqual(age.slice(0, 3), ['age', '"aged 93"', 'line 2, column 13']);
    assert.deepEqual(phone.slice(0, 3), ['phone', '"07700 900123"', 'line 3, column 24']);
    assert.match(name[3], /names the person/);
    assert.match(age[4], /Instead: .*in her 90s/);
    assert.match(err, /3 likely identifiers found in .*story\.txt \(name, exact age of 90 or over, phone number\)/);
  });

  it('exits 0 with nothing on standard output for a clean story', async () => {
    const clean = await file(
      'clean.txt',
      'An older woman rang us in Conversation 1. We talked at her kitchen table on Tuesday, and her GP joined us.\n',
    );
    const { code, out, err } = await cli('check-story', clean);
    assert.equal(code, 0);
    assert.deepEqual(out, []);
    assert.match(err, /No likely identifiers found/);
  });

  it('reads UTF-8 with a byte order mark without counting it, and UTF-16 and Windows-1252 files', async () => {
    const withBom = await file(
      'bom.txt',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Siân rang. Mrs Ŵen too 😀.', 'utf8')]),
    );
    const bom = await cli('check-story', withBom);
    assert.deepEqual(
      bom.out.map((line) => line.split('\t').slice(1, 3)),
      [
        ['"Siân"', 'line 1, column 1'],
        ['"Mrs Ŵen"', 'line 1, column 12'],
      ],
    );
    const utf16 = await file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ring 07700 900123', 'utf16le')]));
    assert.match((await cli('check-story', utf16)).out[0], /^phone\t"07700 900123"\tline 1, column 6/);
    const latin = await file('latin.txt', Buffer.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' with Mrs Okafor')]));
    const read = await cli('check-story', latin);
    assert.match(read.out[0], /^name\t"Mrs Okafor"\tline 1, column 11/);
    assert.match(read.err, /is not UTF-8, so it was read as Windows-1252/);
  });

  it('says clearly when the file cannot be read, and exits 2', async () => {
    const missing = await cli('check-story', path.join(dir, 'nope.txt'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Cannot read .*nope\.txt: there is no such file/);
    const folder = await cli('check-story', dir);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /it is a folder, not a file/);
    const binary = await cli('check-story', await file('story.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08, 0])));
    assert.equal(binary.code, 2);
    assert.match(binary.err, /binary file, such as a Word document or a PDF\. Save it as plain text/);
    for (const argv of [['check-story'], ['check-story', 'a.txt', 'b.txt'], ['check-story', '--all']]) {
      const usage = await cli(...argv);
      assert.equal(usage.code, 2, argv.join(' '));
      assert.match(usage.err, /Usage: npm run cli -- check-story FILE/);
    }
  });

  it('checks a long document in one go (a 1 MB report)', async () => {
    const paragraph =
      'An older man rang us after his wife died. We met him at the Wednesday lunch club in Conversation 1, and his neighbour gave him a lift. ';
    const lines = Array.from({ length: 7500 }, (_, index) => (index === 7000 ? 'Her friend Grace came too. ' : '') + paragraph);
    const report = await file('report.txt', lines.join('\n'));
    const { code, out } = await cli('check-story', report);
    assert.equal(code, 1);
    assert.deepEqual(
      out.map((line) => line.split('\t').slice(0, 3)),
      [['name', '"Grace"', 'line 7001, column 12']],
    );
  });

  it('runs as a real process with its exit code', async () => {
    const story = await file('process.txt', 'Call Mrs Okafor on 07700 900123.');
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'check-story', story]).catch(
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal((failed as { code: number }).code, 1);
    assert.match((failed as { stdout: string }).stdout, /^name\t"Mrs Okafor"\tline 1, column 6\t/m);
    const help = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'help']);
    assert.match(help.stdout, /check-story FILE/);
  });
});
