// The console's only script (the content security policy allows no inline one): local times,
// charts drawn from the data the server put on each canvas, and live pages.
(function () {
    'use strict';

    const COLOURS = ['#2457c5', '#e07b00', '#17803d', '#9b3fc4', '#c4363f', '#0f8c8c', '#7a6a00', '#5d6675'];
    const drawn = [];
    const number = new Intl.NumberFormat();

    // Times arrive in UTC; people read them in their own zone, with the UTC time on hover.
    function localTimes(root) {
        root.querySelectorAll('time[datetime]').forEach(function (time) {
            const instant = new Date(time.getAttribute('datetime'));
            if (isNaN(instant)) {
                return;
            }
            time.title = time.getAttribute('datetime').replace('T', ' ').replace('Z', ' UTC');
            time.textContent = instant.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
        });
    }

    function label(format, value) {
        if (format === 'utc-day') {
            return value.substring(0, 10);
        }
        return new Date(value).toLocaleString(undefined, {dateStyle: 'short', timeStyle: 'short'});
    }

    function drawCharts(root) {
        drawn.splice(0).forEach(function (chart) { chart.destroy(); });
        if (typeof Chart === 'undefined') {
            return;
        }
        root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
            const spec = JSON.parse(canvas.getAttribute('data-chart'));
            const stacked = spec.kind === 'bar';
            drawn.push(new Chart(canvas, {
                type: spec.kind,
                data: {
                    labels: spec.labels.map(function (value) { return label(spec.labelFormat, value); }),
                    datasets: spec.series.map(function (series, i) {
                        return {
                            label: series.name, data: series.values, borderColor: COLOURS[i % COLOURS.length],
                            backgroundColor: COLOURS[i % COLOURS.length], pointRadius: spec.kind === 'line' ? 1.5 : 0,
                            stepped: spec.labelFormat === 'local-time', borderWidth: stacked ? 0 : 2
                        };
                    })
                },
                options: {
                    animation: false, maintainAspectRatio: false, interaction: {mode: 'index', intersect: false},
                    scales: {
                        x: {stacked: stacked, ticks: {maxRotation: 0, autoSkipPadding: 12}},
                        y: {stacked: stacked, beginAtZero: true, ticks: {callback: function (v) { return number.format(v); }}}
                    },
                    plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}}
                }
            }));
        });
    }

    // A live page fetches itself every few seconds and swaps its content in when it changed (new
    // events), unless the reader is typing in one of its forms.
    function live(main) {
        let shown = main.innerHTML;
        const every = parseInt(main.getAttribute('data-live'), 10);
        setInterval(function () {
            const active = document.activeElement;
            if (document.hidden || (active && main.contains(active) && active.matches('input, select'))) {
                return;
            }
            fetch(location.href, {credentials: 'same-origin', headers: {Accept: 'text/html'}, redirect: 'manual'})
                .then(function (response) { return response.ok ? response.text() : null; })
                .then(function (html) {
                    const next = html && new DOMParser().parseFromString(html, 'text/html').querySelector('main');
                    if (next && next.innerHTML !== shown) {
                        shown = next.innerHTML;
                        main.innerHTML = shown;
                        show(main);
                    }
                })
                .catch(function () { /* offline for a moment: the next poll tries again */ });
        }, every);
    }

    function show(root) {
        localTimes(root);
        drawCharts(root);
    }

    document.addEventListener('DOMContentLoaded', function () {
        const main = document.querySelector('main[data-live]');
        if (main) {
            live(main);
        }
        show(document);
    });
}());
