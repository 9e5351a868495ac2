// Starts GOV.UK Frontend's components, and keeps them working and focus sensible after htmx swaps a piece of a page.
import { initAll } from '/static/vendor/govuk-frontend-6.6.0.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

/** What a swap put on the page: htmx names the old target, which an outerHTML swap has replaced with one of the same id. */
function swappedIn(target) {
  if (typeof target === 'string') return document.querySelector(target);
  if (!target || target.isConnected) return target ?? null;
  return target.id ? document.getElementById(target.id) : null;
}

document.addEventListener('htmx:after:swap', (event) => {
  const swapped = swappedIn(event.detail?.ctx?.target);
  if (!swapped) return;
  // Every swap brings new components (a role="button" link needs GOV.UK Frontend to answer the space bar).
  initAll({ scope: swapped });
  // The title says "Error: " while the page shows an error summary, as a whole page with errors does.
  const hasErrors = Boolean(document.querySelector('.govuk-error-summary'));
  if (hasErrors && !document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
  if (!hasErrors && document.title.startsWith('Error: ')) document.title = document.title.slice('Error: '.length);

  const flagged = swapped.closest('[data-focus-after-swap]') || swapped.querySelector('[data-focus-after-swap]');
  flagged?.removeAttribute('data-focus-after-swap');
  // A swap that took away the focused control (Cancel does) would leave keyboard users at the top of the page.
  const focusLost = !document.activeElement || document.activeElement === document.body;
  if (!flagged && !focusLost) return;
  const target = flagged
    ? flagged.querySelector('.govuk-error-summary') || flagged.querySelector('textarea, input:not([type=hidden])') || flagged
    : swapped;
  if (!target.hasAttribute('tabindex') && !target.matches('a[href], button, input, textarea, select')) target.setAttribute('tabindex', '-1');
  target.focus();
});
