// The huddle board's two islands: the 15-minute timer, and live updates from everyone else's screens.

const POLL_MS = 3000;

/** "1 minute", "15 minutes", as a screen reader says it. */
function minutes(count) {
  return `${count} ${count === 1 ? 'minute' : 'minutes'}`;
}

function formatClock(totalSeconds) {
  const seconds = Math.abs(totalSeconds);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Counts down from the huddle's recorded start, so every screen shows the same time. */
function tickTimers() {
  for (const timer of document.querySelectorAll('[data-huddle-timer]')) {
    const startedAt = Date.parse(timer.dataset.startedAt);
    const limit = Number(timer.dataset.minutes) * 60;
    const left = limit - Math.floor((Date.now() - startedAt) / 1000);
    const over = left < 0;
    timer.classList.add('app-timer--running');
    timer.classList.toggle('app-timer--over', over);
    // Screen readers hear the minutes change through the status line, not every second.
    timer.textContent = over ? `${formatClock(left)} over time` : `${formatClock(left)} left`;
    timer.setAttribute('aria-label', over ? `${minutes(Math.ceil(-left / 60))} over time` : `${minutes(Math.ceil(left / 60))} left`);
  }
}
tickTimers();
setInterval(tickTimers, 1000);

/**
 * True while this person is in the middle of something on the board: typing, or a form they have
 * changed. Replacing the board then would lose their work, so changes from others wait.
 */
function busy(board) {
  const active = document.activeElement;
  if (active && board.contains(active) && active.matches('input:not([type=hidden]), textarea, select')) return true;
  if (board.querySelector('.app-board__editing')) return true;
  // A form shown again with its errors holds what the person typed, waiting to be corrected.
  if (board.querySelector('.govuk-error-summary')) return true;
  for (const field of board.querySelectorAll('input:not([type=hidden]):not([type=radio]), textarea')) {
    if (field.value !== field.defaultValue) return true;
  }
  for (const field of board.querySelectorAll('input[type=radio]')) {
    if (field.checked !== field.defaultChecked) return true;
  }
  for (const select of board.querySelectorAll('select')) {
    // With no option marked selected, a select shows its first: that is its untouched state too.
    const untouched = Math.max(0, [...select.options].findIndex((option) => option.defaultSelected));
    if (select.selectedIndex !== untouched) return true;
  }
  return false;
}

let waiting = null;

const FOCUSABLE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';

function describeControl(element) {
  return [element.tagName, element.getAttribute('name'), element.getAttribute('href'), element.textContent.trim(), element.form?.getAttribute('action')].join('|');
}

/**
 * Where focus is on the board: the nearest element with an id, and the control inside it. Most
 * buttons have no id of their own, and a keyboard user must not be thrown back to the top when
 * the board is brought up to date under them.
 */
function focusPlace(board) {
  const active = document.activeElement;
  if (!active || !board.contains(active)) return null;
  const anchor = active.id ? active : active.parentElement?.closest('[id]');
  if (!anchor) return null;
  const controls = [...anchor.querySelectorAll(FOCUSABLE)];
  return { id: anchor.id, own: anchor === active, control: describeControl(active), index: controls.indexOf(active) };
}

function restoreFocus(place) {
  const anchor = place && document.getElementById(place.id);
  if (!anchor) return;
  const controls = [...anchor.querySelectorAll(FOCUSABLE)];
  const target = place.own ? anchor : controls.find((control) => describeControl(control) === place.control) || controls[place.index] || anchor;
  if (!target.matches(FOCUSABLE)) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

async function poll() {
  const board = document.getElementById('board');
  if (!board || document.hidden) return;
  const status = document.getElementById('board-live-status');
  const url = new URL(board.dataset.liveUrl, location.href);
  url.searchParams.set('since', board.dataset.revision);
  try {
    if (!waiting) {
      const response = await fetch(url, { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }, credentials: 'same-origin' });
      if (response.status !== 200) return;
      waiting = await response.text();
    }
    if (busy(board)) {
      if (status) status.textContent = 'The board has changed. The changes will appear when you finish what you are doing.';
      board.classList.add('app-board--changes-waiting');
      return;
    }
    const place = focusPlace(board);
    const html = waiting;
    waiting = null;
    await htmx.swap({ text: html, target: board, swap: 'outerHTML' });
    const fresh = document.getElementById('board');
    fresh?.classList.remove('app-board--changes-waiting');
    restoreFocus(place);
    if (status) status.textContent = 'The board has been updated.';
    tickTimers();
  } catch {
    // Offline for a moment: the next poll tries again.
  }
}

// The person's own change has just been swapped in: a board fetched before it would hide it again.
document.addEventListener('htmx:after:swap', () => {
  waiting = null;
});

setInterval(poll, POLL_MS);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) poll();
});
