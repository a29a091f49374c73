// Device page: live values with units and zh/en labels, a chart of any field over any range
// (decimated by the history API), the device's alerts and events, and its CSV export.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import * as api from './api.js';
import { t, name, label, when, clock, day, localInput, fromLocalInput } from './i18n.js';
import { html, href, LevelBadge } from './ui.js';

const RANGES = { h1: 3600_000, h24: 86_400_000, d7: 7 * 86_400_000, d30: 30 * 86_400_000 };

/** uPlot with times in Beijing time (uPlot draws in the browser's zone unless told). */
export function chart(el, title, data, seriesOpts, extra) {
  const width = Math.max(320, el.clientWidth || 800);
  return new uPlot({
    title, width, height: 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
    scales: { x: { time: true } },
    // 24-hour Beijing times on the time axis, dates where the day changes
    axes: [{ values: (u, splits) => splits.map((s, i) => {
      const hm = clock(s * 1000).slice(0, splits.length > 1 && splits[1] - splits[0] < 60 ? 8 : 5);
      return i === 0 || day(splits[i - 1] * 1000) !== day(s * 1000) ? day(s * 1000) + '\n' + hm : hm;
    }), size: 50 }, {}],
    series: [{ value: (u, v) => (v == null ? '--' : when(v * 1000)) }, ...seriesOpts],
    ...(extra || {}),
  }, data, el);
}

/** [from, to] epoch ms of a preset range ending now, or of the custom range (Beijing times). */
function span(range, custom) {
  if (range === 'custom') return [fromLocalInput(custom.from), fromLocalInput(custom.to)];
  const to = Date.now();
  return [to - RANGES[range], to];
}

function last(arr) {
  for (let i = (arr || []).length - 1; i >= 0; i--) if (arr[i] !== null && arr[i] !== undefined) return arr[i];
  return null;
}

export function DevicePage({ id }) {
  const [info, setInfo] = useState(null);
  const [latest, setLatest] = useState(null);
  const [field, setField] = useState('');
  const [range, setRange] = useState('h24');
  const [custom, setCustom] = useState(() => ({ from: localInput(Date.now() - 86_400_000), to: localInput(Date.now()) }));
  const [alerts, setAlerts] = useState([]);
  const [evs, setEvs] = useState([]);
  const [error, setError] = useState('');
  const [points, setPoints] = useState(null);
  const plotEl = useRef(null);

  useEffect(() => {
    api.devices({}).then((d) => {
      const dev = d.devices.find((x) => x.id === id);
      if (!dev) setError('404 ' + id);
      setInfo(dev || null);
    }).catch((e) => setError(e.message));
    api.alerts({ device: id, state: 'all', limit: 50 }).then((r) => setAlerts(r.alerts.sort((a, b) => b.raised_at - a.raised_at)))
      .catch(() => {});
    api.events(id, { from: Date.now() - 7 * 86_400_000, limit: 200 }).then((r) => setEvs((r.events || []).reverse()))
      .catch(() => {});
    const poll = () => api.series(id, { from: Date.now() - 3600_000, agg: 'raw', max_points: 5000 })
      .then((s) => {
        setLatest(s);
        setField((f) => f || Object.keys(s.fields || {})[0] || '');
      }).catch((e) => setError(e.status === 404 ? '404 ' + id : e.message));
    poll();
    const timer = setInterval(poll, 10_000);
    return () => clearInterval(timer);
  }, [id]);

  useEffect(() => {
    if (!field || !plotEl.current) return undefined;
    let plot = null;
    const [from, to] = span(range, custom);
    if (!(from < to)) {
      setError(t('from') + ' ≥ ' + t('to'));
      return undefined;
    }
    setError('');
    let live = true; // a slower answer for a range no longer chosen must not draw over the newer one
    api.series(id, { fields: field, from, to, max_points: 1000 }).then((s) => {
      if (!live || !plotEl.current) return;
      plotEl.current.innerHTML = '';
      setPoints(s.points);
      const meta = (s.fields || {})[field] || {};
      plot = chart(plotEl.current, label(meta.label, field) + (meta.unit ? ' (' + meta.unit + ')' : ''),
        [s.ts.map((x) => x / 1000), s[field]], [{ label: label(meta.label, field), stroke: '#1e6fd9', width: 1.5 }]);
    }).catch((e) => live && setError(e.message));
    return () => {
      live = false;
      if (plot) plot.destroy();
    };
  }, [id, field, range, custom]);

  const fields = latest ? Object.entries(latest.fields || {}) : [];
  return html`<section class="device" data-device=${id}>
    <div class="toolbar"><h2>${id}</h2>
      ${info && html`<span>${name(info.profile)} · ${name(info.region)} · ${info.enterprise} ·
        <span class=${'state ' + info.state}>${t(info.state)}</span> · ${t('lastSeen')} ${when(info.last_seen)}</span>`}
      ${info && info.profile === 'hazmat-vehicle' && html`<a class="button" id="open-replay" href=${href('replay', id)}>${t('replay')}</a>`}
      <a class="button" id="device-export" download
        href=${api.exportUrl({ device: id, from: span(range, custom)[0], to: span(range, custom)[1] })}>${t('export')}</a>
    </div>
    ${error && html`<p class="error" id="device-error">${error}</p>`}
    <h3>${t('values')}</h3>
    <table class="values" id="live-values"><tbody>
      ${fields.map(([f, meta]) => html`<tr data-field=${f}><th>${label(meta.label, f)}</th>
        <td class="value">${String(last(latest[f]) ?? '—')}</td><td>${meta.unit || ''}</td></tr>`)}
    </tbody></table>
    <h3>${t('chart')}</h3>
    <div class="filters">
      <label>${t('field')}<select id="chart-field" value=${field} onChange=${(e) => setField(e.target.value)}>
        ${fields.map(([f, meta]) => html`<option value=${f}>${label(meta.label, f)}</option>`)}</select></label>
      <label>${t('range')}<select id="chart-range" value=${range} onChange=${(e) => setRange(e.target.value)}>
        ${Object.keys(RANGES).map((r) => html`<option value=${r}>${t(r)}</option>`)}
        <option value="custom">${t('custom')}</option></select></label>
      ${range === 'custom' && html`<label>${t('from')}<input type="datetime-local" id="chart-from" value=${custom.from}
          onChange=${(e) => setCustom({ ...custom, from: e.target.value })} /></label>
        <label>${t('to')}<input type="datetime-local" id="chart-to" value=${custom.to}
          onChange=${(e) => setCustom({ ...custom, to: e.target.value })} /></label>`}
      ${points != null && html`<small id="chart-points">${points} ${t('points')}</small>`}
    </div>
    <div class="plot" id="device-chart" ref=${plotEl}></div>
    <h3>${t('alerts')}</h3>
    <ul class="device-alerts">${alerts.map((a) => html`<li><${LevelBadge} level=${a.level} /> ${when(a.raised_at)}
      <a href=${href('episode', a.id)}>${a.message}</a> · ${a.state === 'open' ? t('open') : t('closed')}</li>`)}</ul>
    <h3>${t('events')}</h3>
    <ul class="events">${evs.slice(0, 100).map((e) => html`<li>${when(e.ts)} · ${e.type === 'alert'
      ? (e.kind || '') + ' ' + (e.level || '') + ' ' + (e.message || '') : (e.field || '') + ': ' + (e.from ?? '') + ' → ' + (e.to ?? e.value ?? '')}</li>`)}</ul>
  </section>`;
}
