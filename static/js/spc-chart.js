// Draws each SPC chart from its own table (data-spc-table), which stays for anyone without
// JavaScript or who prefers the figures: the values coloured by their variation, and the centre
// line and process limits of each phase as separate lines, so they break where a phase starts.
(function () {
  if (typeof window.Chart !== 'function') return;
  const COLOURS = { 'common-cause': '#6f777b', improvement: '#00b0f0', concern: '#e46c0a', neither: '#490092' };
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (const box of document.querySelectorAll('[data-spc-chart]')) {
    const table = document.getElementById(box.dataset.spcChart);
    if (!table) continue;
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => ({
      label: row.querySelector('th').textContent.trim(),
      phase: Number(row.dataset.phase),
      value: row.dataset.value === undefined ? null : Number(row.dataset.value),
      mean: row.dataset.mean === undefined ? null : Number(row.dataset.mean),
      upper: row.dataset.upper === undefined ? null : Number(row.dataset.upper),
      lower: row.dataset.lower === undefined ? null : Number(row.dataset.lower),
      variation: row.dataset.variation,
      // Incomplete (so far) or not yet mature: drawn apart, as a hollow point off the line.
      apart: row.dataset.apart !== undefined,
      trial: row.dataset.trial !== undefined,
    }));
    if (!rows.some((row) => row.value !== null)) continue;
    const phases = [...new Set(rows.map((row) => row.phase))];
    const line = (key, phase, colour, dash, label) => ({
      label,
      data: rows.map((row) => (row.phase === phase ? row[key] : null)),
      borderColor: colour,
      borderDash: dash,
      borderWidth: 2,
      pointRadius: 0,
      spanGaps: false,
      tension: 0,
    });
    const limitLabel = table.dataset.limitsLabel || 'Process limits';
    const trialLabel = table.dataset.limitsLabel ? `${table.dataset.limitsLabel} (early: few weeks yet)` : 'Trial limits (fewer than 12 points)';
    const firstTrial = phases.find((phase) => rows.some((row) => row.phase === phase && row.trial));
    const firstFirm = phases.find((phase) => rows.some((row) => row.phase === phase && !row.trial));
    const datasets = [
      {
        label: 'Value',
        data: rows.map((row) => (row.apart ? null : row.value)),
        borderColor: '#505a5f',
        pointBackgroundColor: rows.map((row) => COLOURS[row.variation] || COLOURS['common-cause']),
        pointBorderColor: rows.map((row) => COLOURS[row.variation] || COLOURS['common-cause']),
        pointRadius: 4,
        spanGaps: false,
        tension: 0,
      },
      ...(rows.some((row) => row.apart && row.value !== null)
        ? [{
            label: table.dataset.apartLabel || 'So far, or outcomes not yet known (not used)',
            data: rows.map((row) => (row.apart ? row.value : null)),
            showLine: false,
            borderColor: '#505a5f',
            backgroundColor: '#ffffff',
            pointStyle: 'rectRot',
            pointRadius: 6,
            pointBorderWidth: 2,
          }]
        : []),
      ...phases.flatMap((phase, index) => {
        const trial = rows.some((row) => row.phase === phase && row.trial);
        const dash = trial ? [6, 4] : [];
        const label = trial ? (phase === firstTrial ? trialLabel : '') : phase === firstFirm ? limitLabel : '';
        return [
          line('mean', phase, '#0b0c0c', [], index === 0 ? table.dataset.centreLabel || 'Centre line' : ''),
          line('upper', phase, '#d4351c', dash, label),
          line('lower', phase, '#d4351c', dash, ''),
        ];
      }),
    ];
    const compact = Boolean(box.closest('.app-pack-measure--compact'));
    // A percentage's axis stops at 0 and 100, as its limits do; a count or a wait stops at 0.
    const floor = table.dataset.floor === undefined ? undefined : Number(table.dataset.floor);
    const ceiling = table.dataset.ceiling === undefined ? undefined : Number(table.dataset.ceiling);
    const clampAxis = (scale) => {
      if (floor !== undefined && scale.min < floor) scale.min = floor;
      if (ceiling !== undefined && scale.max > ceiling) scale.max = ceiling;
      if (scale.max <= scale.min) scale.max = scale.min + 1;
    };
    box.hidden = false;
    new window.Chart(box.querySelector('canvas'), {
      type: 'line',
      data: { labels: rows.map((row) => row.label), datasets },
      options: {
        animation: reducedMotion ? false : undefined,
        // In presenter mode the chart fills the box its stylesheet sizes, so a section fits the screen.
        maintainAspectRatio: !compact,
        scales: {
          // A compact chart has no room for the unit beside its axis: its heading and sentence say it.
          y: { afterDataLimits: clampAxis, ticks: { color: '#0b0c0c' }, title: { display: !compact, text: table.dataset.unit, color: '#0b0c0c' } },
          x: { ticks: { color: '#0b0c0c', maxRotation: 60 } },
        },
        plugins: { legend: { labels: { color: '#0b0c0c', filter: (item) => item.text !== '' } } },
      },
    });
  }
})();
