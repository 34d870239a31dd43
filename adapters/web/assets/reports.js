// Draws each report's chart with chart.js from the numbers in its own table (the data-value
// of each cell), so the chart and the table always show the same figures.
(function () {
  'use strict';
  if (!window.Chart) return;
  var palette = ['#2563eb', '#dc2626', '#a3a3a3', '#f59e0b', '#16a34a', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c'];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#374151';

  var figures = document.querySelectorAll('figure.chart');
  for (var f = 0; f < figures.length; f++) draw(figures[f]);

  function draw(figure) {
    var table = document.getElementById(figure.getAttribute('data-table'));
    var canvas = figure.querySelector('canvas');
    if (!table || !canvas) return;
    var heads = table.tHead.rows[0].cells;
    var keys = [];
    for (var h = 0; h < heads.length; h++) keys.push(heads[h].getAttribute('data-key'));
    var rows = table.tBodies[0].rows;
    var xi = keys.indexOf(figure.getAttribute('data-x'));
    var labels = [];
    for (var r = 0; r < rows.length; r++) labels.push(rows[r].cells[xi].textContent.trim());
    var horizontal = figure.getAttribute('data-horizontal') === 'true';
    var stacked = figure.getAttribute('data-stacked') === 'true';
    var type = figure.getAttribute('data-chart');
    var datasets = figure.getAttribute('data-series').split(',').map(function (key, i) {
      var ci = keys.indexOf(key);
      var data = [];
      for (var r = 0; r < rows.length; r++) {
        var v = rows[r].cells[ci].getAttribute('data-value');
        data.push(v === '' || v === null ? null : Number(v));
      }
      var color = palette[i % palette.length];
      return { label: heads[ci].textContent, data: data, backgroundColor: color, borderColor: color, borderWidth: type === 'line' ? 2 : 0, pointRadius: type === 'line' ? 2 : 0, spanGaps: true, maxBarThickness: 28 };
    });
    if (horizontal) figure.style.height = Math.max(160, 40 + rows.length * 30) + 'px';
    // counts get whole-number ticks; hours and percentages keep their decimals
    var whole = datasets.every(function (d) {
      return d.data.every(function (v) {
        return v === null || Math.round(v) === v;
      });
    });
    var valueAxis = { stacked: stacked, beginAtZero: true, ticks: whole ? { precision: 0 } : {}, title: { display: true, text: figure.getAttribute('data-unit') } };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: true, maxRotation: 0 } };
    new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    figure.setAttribute('data-drawn', 'true');
  }
})();
