// Presenter mode for a show-and-tell: one section a screen, moved with the arrow keys, Space,
// Page Down, a click or the buttons, never reloading the page; full screen on request; and a
// 15-minute timer for the content that survives a reload. Without this script
// the page is one long page with a contents list, which is also what prints.
const presenter = document.querySelector('[data-presenter]');

/** "1 minute", "15 minutes", as a screen reader says it. */
function minutes(count) {
  return `${count} ${count === 1 ? 'minute' : 'minutes'}`;
}

function formatClock(seconds) {
  const whole = Math.abs(Math.trunc(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

if (presenter) {
  const slides = [...presenter.querySelectorAll('[data-slide]')];
  const controls = presenter.querySelector('[data-presenter-controls]');
  const position = presenter.querySelector('[data-presenter-position]');
  const fullscreen = presenter.querySelector('[data-presenter-fullscreen]');
  const timer = presenter.querySelector('[data-presenter-timer]');
  let current = Math.max(0, slides.findIndex((slide) => `#${slide.id}` === window.location.hash));

  function heading(slide) {
    return slide.querySelector('h1, h2')?.textContent.trim() ?? '';
  }

  function show(index, { focus = false } = {}) {
    current = Math.min(slides.length - 1, Math.max(0, index));
    slides.forEach((slide, at) => {
      slide.hidden = at !== current;
    });
    position.textContent = `${current + 1} of ${slides.length}: ${heading(slides[current])}`;
    history.replaceState(null, '', `#${slides[current].id}`);
    window.scrollTo(0, 0);
    if (focus) slides[current].focus({ preventScroll: true });
  }

  presenter.classList.add('app-presenter--slides');
  // One section a screen: each chart with its summary; its figures one press away, behind "Show the data"
  // (open without JavaScript, where the table is the chart).
  for (const data of presenter.querySelectorAll('details.app-spc__data')) data.open = false;
  controls.hidden = false;
  presenter.querySelector('[data-presenter-hint]').hidden = false;
  presenter.querySelector('[data-presenter-previous]').addEventListener('click', () => show(current - 1));
  presenter.querySelector('[data-presenter-next]').addEventListener('click', () => show(current + 1));
  // The contents list's links move to their section rather than scroll to it.
  for (const link of presenter.querySelectorAll('a[href^="#slide-"], a[href="#contents-heading"]')) {
    link.addEventListener('click', (event) => {
      const target = link.getAttribute('href') === '#contents-heading' ? 0 : slides.findIndex((slide) => `#${slide.id}` === link.getAttribute('href'));
      if (target < 0) return;
      event.preventDefault();
      show(target, { focus: true });
    });
  }

  // What a presenter's clicker and keyboard send: arrows, Page Down and Page Up, Space (Shift+Space back).
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest('input, textarea, select, [contenteditable]')) return;
    // Space on a button, link or summary presses it, as it should.
    if (event.key === ' ' && event.target.closest('a, button, summary, [role="button"]')) return;
    const moves = { ArrowRight: current + 1, PageDown: current + 1, ArrowLeft: current - 1, PageUp: current - 1, Home: 0, End: slides.length - 1, ' ': event.shiftKey ? current - 1 : current + 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    show(moves[event.key]);
  });
  // A click on a section (not on a link, button, chart's data or a story's text to select) moves on.
  for (const slide of slides) {
    slide.addEventListener('click', (event) => {
      if (event.target.closest('a, button, summary, details, input, label, select, textarea, table, canvas')) return;
      if (window.getSelection && String(window.getSelection()).length > 0) return;
      show(current + 1);
    });
  }

  if (document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener('click', () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()));
    document.addEventListener('fullscreenchange', () => {
      fullscreen.textContent = document.fullscreenElement ? 'Leave full screen' : 'Full screen';
    });
  }

  // Printing from presenter mode prints every section, as the handout does.
  window.addEventListener('beforeprint', () => slides.forEach((slide) => (slide.hidden = false)));
  window.addEventListener('afterprint', () => show(current));

  const limit = Number(timer.dataset.minutes) * 60;
  // The timer carries on across a reload of the page (in this tab), rather than starting again.
  const timerKey = `presenter-started:${window.location.pathname}`;
  let started = Number(sessionStorage.getItem(timerKey));
  if (!Number.isFinite(started) || started <= 0 || started > Date.now()) {
    started = Date.now();
    try {
      sessionStorage.setItem(timerKey, String(started));
    } catch {
      // Storage refused (private browsing): the timer starts afresh on a reload.
    }
  }
  function tick() {
    const left = limit - Math.floor((Date.now() - started) / 1000);
    const over = left < 0;
    timer.classList.add('app-timer--running');
    timer.classList.toggle('app-timer--over', over);
    timer.textContent = over ? `${formatClock(left)} over time` : `${formatClock(left)} left`;
    timer.setAttribute('aria-label', over ? `${minutes(Math.ceil(-left / 60))} over time` : `${minutes(Math.ceil(left / 60))} left`);
  }
  timer.hidden = false;
  tick();
  setInterval(tick, 1000);

  show(current);
}
