// Warns before a signed-in session ends for lack of activity and lets the person carry on
// (WCAG 2.2.1). Without JavaScript, the next request after the timeout asks them to sign in
// and then takes them back to where they were.
const WARN_BEFORE_SECONDS = 5 * 60;
const body = document.body;
const idleSeconds = Number(body.dataset.idleSeconds);

if (idleSeconds > 0) {
  const csrfToken = JSON.parse(body.getAttribute('hx-headers:inherited') || '{}')['X-CSRF-Token'];
  let warnTimer;
  let endTimer;
  let warning;
  let returnFocus;

  const signInAgain = () => {
    window.location.href = `/sign-in?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  };

  function hideWarning() {
    if (!warning) return;
    warning.close();
    warning.remove();
    warning = undefined;
    returnFocus?.focus();
  }

  function showWarning() {
    returnFocus = document.activeElement;
    // A modal dialog makes the rest of the page inert, so focus cannot slip behind the warning.
    warning = document.createElement('dialog');
    warning.className = 'app-timeout-warning';
    warning.setAttribute('role', 'alertdialog');
    warning.setAttribute('aria-labelledby', 'timeout-warning-heading');
    warning.setAttribute('aria-describedby', 'timeout-warning-text');
    warning.innerHTML = `
      <div class="govuk-width-container">
        <h2 class="govuk-heading-m" id="timeout-warning-heading" tabindex="-1">You will be signed out soon</h2>
        <p class="govuk-body" id="timeout-warning-text">You have not done anything for a while. To keep people’s records safe, you will be signed out in 5 minutes, and anything not saved will be lost.</p>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button" data-timeout-stay>Stay signed in</button>
          <a class="govuk-link" href="#" data-timeout-leave>Sign out now</a>
        </div>
      </div>`;
    body.append(warning);
    // Escape closes a modal dialog: treat it as "stay signed in", the safe choice.
    warning.addEventListener('cancel', (event) => {
      event.preventDefault();
      stay();
    });
    warning.showModal();
    warning.querySelector('[data-timeout-stay]').addEventListener('click', stay);
    warning.querySelector('[data-timeout-leave]').addEventListener('click', (event) => {
      event.preventDefault();
      document.querySelector('.app-sign-out')?.submit();
    });
    warning.querySelector('h2').focus();
  }

  function schedule(seconds) {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(showWarning, Math.max(seconds - WARN_BEFORE_SECONDS, 0) * 1000);
    endTimer = setTimeout(signInAgain, seconds * 1000);
  }

  async function stay() {
    const response = await fetch('/session/extend', { method: 'POST', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' });
    if (!response.ok) return signInAgain();
    hideWarning();
    schedule(30 * 60);
  }

  // Whatever the person does through htmx also keeps the session alive on the server.
  // The server records activity at most once a minute, so count from a minute earlier.
  document.addEventListener('htmx:after:request', () => {
    if (!warning) schedule(29 * 60);
  });
  // Where a page is used without requests (presenter mode moves between sections in the page),
  // key presses and clicks are activity too: at most once a minute they keep the session alive.
  if (document.querySelector('[data-activity-keeps-session]')) {
    let lastSent = Date.now();
    const active = () => {
      if (warning || Date.now() - lastSent < 60_000) return;
      lastSent = Date.now();
      fetch('/session/extend', { method: 'POST', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' }).then(
        (response) => {
          if (response.ok) schedule(30 * 60);
        },
        () => {},
      );
    };
    for (const type of ['keydown', 'pointerdown']) document.addEventListener(type, active, { passive: true });
  }
  schedule(idleSeconds);
}
