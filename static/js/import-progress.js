/**
 * Progress while a contacts CSV is uploaded and checked: the form is sent with XMLHttpRequest
 * (for its upload progress events), "Uploading… N%" then "Checking rows… N checked" (from
 * progress.json, asked every second) is shown, and the page
 * the server redirects to is opened. Without JavaScript the form posts normally. With no file
 * chosen the form posts normally too, so the server's error message shows as usual.
 */
for (const form of document.querySelectorAll('form[data-import-progress]')) {
  const status = form.querySelector('#import-progress');
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', (event) => {
    const file = form.querySelector('input[type="file"]');
    if (!file || !file.files || file.files.length === 0 || !status) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    const token = form.querySelector('input[name="_csrf"]');
    if (token) request.setRequestHeader('X-CSRF-Token', token.value);
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.floor((progress.loaded / progress.total) * 100);
      status.textContent = percent < 100 ? `Uploading… ${percent}%` : 'Checking rows…';
    });
    // Once the file is up, the server checks it row by row: show how far it has got.
    let polling;
    const poll = async () => {
      const response = await fetch(form.action.replace(/\/imports$/, '/imports/progress.json'), { credentials: 'same-origin' }).catch(() => undefined);
      const progress = response && response.ok ? await response.json() : undefined;
      if (progress && typeof progress.rowsChecked === 'number') status.textContent = `Checking rows… ${progress.rowsChecked.toLocaleString('en-GB')} checked`;
    };
    request.upload.addEventListener('load', () => {
      status.textContent = 'Checking rows…';
      polling = setInterval(poll, 1000);
    });
    request.addEventListener('loadend', () => clearInterval(polling));
    request.addEventListener('load', () => {
      // Redirected to the import's page: open it. Otherwise (the form again, with a problem) show the answer.
      if (request.responseURL && new URL(request.responseURL).pathname !== new URL(form.action).pathname) {
        window.location.assign(request.responseURL);
        return;
      }
      const page = new DOMParser().parseFromString(request.responseText, 'text/html');
      const main = page.querySelector('#main-content');
      if (main) document.querySelector('#main-content').replaceWith(main);
      else window.location.reload();
    });
    request.addEventListener('error', () => {
      status.textContent = 'The upload stopped. Check your connection and try again.';
      if (button) button.disabled = false;
    });
    if (button) button.disabled = true;
    status.textContent = 'Uploading… 0%';
    request.send(new FormData(form));
  });
}
