// Starts GOV.UK Frontend's components and keeps focus sensible after htmx swaps a piece of a page.
import { initAll } from '/static/vendor/govuk-frontend-6.6.0.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

document.addEventListener('htmx:after:swap', () => {
  const swapped = document.querySelector('[data-focus-after-swap]');
  if (!swapped) return;
  swapped.removeAttribute('data-focus-after-swap');
  initAll({ scope: swapped });
  const target = swapped.querySelector('.govuk-error-summary') || swapped.querySelector('textarea, input:not([type=hidden])') || swapped;
  if (target.classList.contains('govuk-error-summary')) target.setAttribute('tabindex', '-1');
  target.focus();
});
