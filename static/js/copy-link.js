// A "Copy link" button beside each read-only link box marked data-copy-link, where the browser
// lets the page write to the clipboard (it does only on HTTPS or localhost). Without it the
// box stays, to select and copy by hand.
if (navigator.clipboard?.writeText) {
  for (const box of document.querySelectorAll('input[data-copy-link]')) {
    const group = document.createElement('div');
    group.className = 'govuk-button-group';
    group.innerHTML = `
      <button type="button" class="govuk-button govuk-button--secondary">Copy link</button>
      <p class="govuk-body govuk-!-font-weight-bold" role="status"></p>`;
    const status = group.querySelector('[role=status]');
    group.querySelector('button').addEventListener('click', async () => {
      // Emptied first, so pressing the button again is announced again.
      status.textContent = '';
      try {
        await navigator.clipboard.writeText(box.value);
        status.textContent = 'Link copied';
      } catch {
        box.select();
        status.textContent = 'The link could not be copied. It is selected: copy it yourself';
      }
    });
    box.closest('.govuk-form-group').after(group);
  }
}
