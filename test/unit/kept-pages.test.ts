import assert from 'node:assert/strict';
import { CSRF_PLACEHOLDER, filledPage, FORM_KEY_PLACEHOLDER, IDLE_PLACEHOLDER, keepPage, keptHtml } from '../../server/http/kept-pages.js';

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
});
