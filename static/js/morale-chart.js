// Draws the morale chart from the page's own table (data-morale-table), which stays for anyone
// without JavaScript or who prefers the figures. Weeks with too few answers have no
// data-average and are left out. Needs Chart.js (static/vendor), loaded before this script.
(function () {
  const table = document.querySelector('[data-morale-table]');
  const box = document.querySelector('[data-morale-chart]');
  if (!table || !box || typeof window.Chart !== 'function') return;
  const weeks = [...table.querySelectorAll('tbody tr[data-average]')].map((row) => ({ week: row.dataset.week, average: Number(row.dataset.average) }));
  if (weeks.length === 0) return;
  box.hidden = false;
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  new window.Chart(box.querySelector('canvas'), {
    type: 'line',
    data: {
      labels: weeks.map((point) => point.week),
      datasets: [{ label: 'Average wellbeing score', data: weeks.map((point) => point.average), borderColor: '#1d70b8', backgroundColor: '#1d70b8', pointRadius: 4, tension: 0 }],
    },
    options: {
      animation: reducedMotion ? false : undefined,
      scales: {
        y: { min: 1, max: 5, ticks: { stepSize: 1, color: '#0b0c0c' }, title: { display: true, text: 'Average score (1 to 5)', color: '#0b0c0c' } },
        x: { ticks: { color: '#0b0c0c' }, title: { display: true, text: 'Week beginning', color: '#0b0c0c' } },
      },
      plugins: { legend: { display: false } },
    },
  });
})();
