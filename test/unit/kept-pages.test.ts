import assert from 'node:assert/strict';
import {
  cachedPage,
  CSRF_PLACEHOLDER,
  filledPage,
  FORM_KEY_PLACEHOLDER,
  IDLE_PLACEHOLDER,
  keepPage,
  keptHtml,
  keptOrRendered,
} from '../../server/http/kept-pages.js';

describe('kept pages', () => {
  const html = `<p>Croeso 👋 ŵ</p><input value="${CSRF_PLACEHOLDER}"><body data-idle-seconds="${IDLE_PLACEHOLDER}"><input value="${CSRF_PLACEHOLDER}"><input name="formKey" value="${FORM_KEY_PLACEHOLDER}">£`;

  it('fills every gap with this request’s token, idle time and form key, keeping the bytes around them', () => {
    const page = keepPage(html);
    assert.equal(page.gaps.length, 4);
    const filled = filledPage(page, { csrfToken: 'TOKEN-A', idleSeconds: 1799, formKey: 'KEY-1' }).toString('utf8');
    assert.equal(
      filled,
      '<p>Croeso 👋 ŵ</p><input value="TOKEN-A"><body data-idle-seconds="1799"><input value="TOKEN-A"><input name="formKey" value="KEY-1">£',
    );
  });

  it('gives back the HTML with its gaps, to be placed inside a larger page', () => {
    assert.equal(keptHtml(keepPage(html)), html);
    assert.equal(keptHtml(keepPage('no gaps')), 'no gaps');
  });

  it('renders once for requests that miss at the same time, and keeps the page under the key it belongs to', async () => {
    const db = {};
    let renders = 0;
    const render = async () => {
      renders += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { page: keepPage('<p>board at revision 8</p>'), key: 'site|8' };
    };
    const pages = await Promise.all(Array.from({ length: 5 }, () => keptOrRendered(db, 'site|7', render)));
    assert.equal(renders, 1);
    assert.ok(pages.every((page) => page === pages[0]));
    assert.equal(cachedPage(db, 'site|8'), pages[0]);
    assert.equal(cachedPage(db, 'site|7'), undefined, 'not kept under the older revision asked for');
    await keptOrRendered(db, 'site|8', render);
    assert.equal(renders, 1, 'a kept page is not rendered again');
  });

  it('lets the next request try again when a render fails', async () => {
    const db = {};
    await assert.rejects(
      keptOrRendered(db, 'k', async () => Promise.reject(new Error('database gone'))),
      /database gone/,
    );
    const page = await keptOrRendered(db, 'k', async () => ({ page: keepPage('ok'), key: 'k' }));
    assert.equal(keptHtml(page), 'ok');
  });
});
