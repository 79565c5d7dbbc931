// Draws a TrendChart component's config (TrendChartConfig in C#) with ApexCharts 4.7.0 (MIT).
// The server decides every number; this module only lays them out.
import ApexCharts from '../lib/apexcharts/apexcharts.esm.js';

const charts = new WeakMap();

// The config arrives as JSON text (see TrendChartConfig.ToJson).
export function render(element, json) {
  const config = JSON.parse(json);
  dispose(element);
  const chart = new ApexCharts(element, options(config));
  charts.set(element, chart);
  return chart.render();
}

export function update(element, json) {
  const chart = charts.get(element);
  if (!chart) {
    return render(element, json);
  }
  const config = JSON.parse(json);
  return chart.updateOptions(options(config), true, false);
}

export function dispose(element) {
  const chart = charts.get(element);
  if (chart) {
    chart.destroy();
    charts.delete(element);
  }
}

function utc(day) {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

// How a value reads: the axis carries its metrics' unit (count, money, ratio, rate) and digits from the C# catalogue
// (MetricCatalogue), so this file knows no metric.
function formatValue(value, axis) {
  if (value === null || value === undefined) {
    return '—';
  }
  const shown = axis.unit === 'rate' ? value * 100 : value;
  const text = shown.toLocaleString('en-US', { minimumFractionDigits: axis.digits, maximumFractionDigits: axis.digits });
  return withUnit(text, axis);
}

function withUnit(text, axis) {
  switch (axis.unit) {
    case 'money': return `${text} ${axis.currency}`;
    case 'rate': return `${text} %`;
    default: return text;
  }
}

function formatTick(value, axis) {
  if (value === null || value === undefined || !isFinite(value)) {
    return '';
  }
  if (axis.unit === 'rate') {
    return withUnit(`${+(value * 100).toFixed(axis.digits)}`, axis);
  }
  const abs = Math.abs(value);
  const compact = abs >= 1e6 ? `${+(value / 1e6).toFixed(1)}M` : abs >= 1e4 ? `${+(value / 1e3).toFixed(1)}k`
    : axis.digits === 0 ? `${Math.round(value)}` : `${+value.toFixed(axis.digits)}`;
  return withUnit(compact, axis);
}

function options(config) {
  const css = (name, fallback) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
  const palette = [css('--mud-palette-primary', '#1f8a5b'), css('--mud-palette-secondary', '#5b5bd6')];
  const axisOf = (s) => config.axes[s.axis];
  const firstOfAxis = config.axes.map((_, i) => config.series.find((s) => s.axis === i)?.name);
  const series = config.series.map((s) => ({
    name: s.name,
    data: s.points.map((p) => ({ x: utc(p.x), y: p.y, label: p.label })),
  }));
  const colors = config.series.map((s) => palette[s.metric] ?? palette[0]);
  const text = css('--mud-palette-text-secondary', config.dark ? '#bbb' : '#555');
  const grid = css('--mud-palette-lines-default', config.dark ? '#333' : '#e0e0e0');

  const result = {
    chart: {
      type: 'line',
      height: config.height,
      animations: { enabled: false },
      toolbar: { show: false },
      zoom: { enabled: false },
      sparkline: { enabled: config.sparkline },
      foreColor: text,
      background: 'transparent',
      fontFamily: 'inherit',
    },
    theme: { mode: config.dark ? 'dark' : 'light' },
    colors,
    series,
    stroke: {
      width: config.series.map((s) => (config.sparkline ? 2 : s.dashed ? 2 : 3)),
      dashArray: config.series.map((s) => (s.dashed ? 6 : 0)),
      curve: 'straight',
    },
    markers: { size: 0, hover: { size: config.sparkline ? 3 : 5 } },
    legend: { show: false },
    grid: { borderColor: grid },
    dataLabels: { enabled: false },
    xaxis: {
      type: 'datetime',
      labels: { datetimeUTC: true },
      tooltip: { enabled: false },
    },
    yaxis: config.series.map((s) => ({
      seriesName: firstOfAxis[s.axis],
      show: !config.sparkline && firstOfAxis[s.axis] === s.name,
      opposite: s.axis === 1,
      min: 0,
      forceNiceScale: true,
      title: { text: axisOf(s).title },
      labels: { formatter: (v) => formatTick(v, axisOf(s)) },
    })),
    tooltip: {
      shared: true,
      intersect: false,
      theme: config.dark ? 'dark' : 'light',
      x: {
        formatter: (value, { dataPointIndex }) => {
          const point = config.series[0]?.points[dataPointIndex];
          return point ? point.label : '';
        },
      },
      y: {
        formatter: (value, { seriesIndex, dataPointIndex }) => {
          const s = config.series[seriesIndex];
          const own = s?.dashed ? s.points[dataPointIndex]?.label : null;
          const shown = formatValue(value, axisOf(s));
          return own ? `${shown} (${own})` : shown;
        },
      },
    },
    annotations: { xaxis: [] },
    noData: { text: 'No data in this range' },
  };
  if (config.provisional) {
    result.annotations.xaxis.push({
      x: utc(config.provisional.from),
      x2: utc(config.provisional.to),
      fillColor: config.dark ? '#e0b04a' : '#f2c14e',
      opacity: config.dark ? 0.12 : 0.18,
      borderColor: 'transparent',
      label: config.sparkline ? { text: '' } : {
        text: config.provisional.label,
        orientation: 'horizontal',
        position: 'top',
        textAnchor: 'end',
        offsetX: -4,
        borderColor: 'transparent',
        style: { background: 'transparent', color: text, fontSize: '11px' },
      },
    });
  }
  return result;
}
