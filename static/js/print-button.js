// The print view's "Print this story" button: it needs JavaScript, so it is shown only when this runs.
const area = document.querySelector('[data-print-button-area]');
const button = document.querySelector('[data-print-button]');
if (area && button) {
  area.hidden = false;
  button.addEventListener('click', () => window.print());
}
