// Replay (inspectors): a vehicle's track played on the map at x1 to x32, with the speed and e-lock
// lanes and the alerts on the same clock; and an alert's episode as one printable page.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as L from 'leaflet';
import * as api from './api.js';
import { t, name, label, when, clock } from './i18n.js';
import { html, href, LevelBadge } from './ui.js';
import { baseMap, LEVEL_COLOUR } from './map.js';
import { chart } from './device.js';
import { beijing } from './board.js';
import { CasePanel } from './cases.js';

const SPEEDS = [1, 2, 4, 8, 16, 32];

function lockValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v ? 1 : 0;
  return /^(locked|closed|true|1)$/i.test(String(v)) ? 1 : 0;
}

/** Index of the last sample at or before time tm (binary search over sorted ts). */
function at(ts, tm) {
  let lo = 0;
  let hi = ts.length - 1;
  if (!ts.length || tm < ts[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid] <= tm) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** A uPlot plugin drawing the replay clock as a vertical line. */
function clockLine(getTime) {
  return { hooks: { draw: (u) => {
    const x = u.valToPos(getTime() / 1000, 'x', true);
    const c = u.ctx;
    c.save();
    c.strokeStyle = '#d00';
    c.lineWidth = 2;
    c.beginPath();
    c.moveTo(x, u.bbox.top);
    c.lineTo(x, u.bbox.top + u.bbox.height);
    c.stroke();
    c.restore();
  } } };
}

function localInput(ms) {
  // Beijing wall-clock time for a datetime-local input
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}

export function Replay({ id, query }) {
  const now = Date.now();
  const [from, setFrom] = useState(localInput(Number(query.get('from')) || now - 6 * 3600_000));
  const [to, setTo] = useState(localInput(Number(query.get('to')) || now));
  const [trackData, setTrack] = useState(null);
  const [alertsOn, setAlerts] = useState([]);
  const [cur, setCur] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(8);
  const [error, setError] = useState('');
  const mapEl = useRef(null);
  const lanesEl = useRef(null);
  const st = useRef({ map: null, marker: null, line: null, plots: [], cur: 0, track: null, alerts: [] });
  st.current.cur = cur;
  st.current.alerts = alertsOn;

  async function load() {
    setError('');
    setPlaying(false);
    try {
      const q = { from: beijing(from), to: beijing(to) };
      const [tr, ev] = await Promise.all([api.track(id, { ...q, max_points: 5000 }), api.events(id, { ...q, limit: 5000 })]);
      st.current.track = tr;
      setTrack(tr);
      setAlerts((ev.events || []).filter((e) => e.type === 'alert'));
      setCur(tr.ts.length ? tr.ts[0] : 0);
    } catch (e) {
      setError(e.message);
    }
  }
  useEffect(() => {
    load();
  }, [id]);

  // the map, once
  useEffect(() => {
    let alive = true;
    baseMap(mapEl.current).then((m) => {
      if (!alive) {
        m.remove();
        return;
      }
      st.current.map = m;
      // the track may have arrived before the map: draw it now, at the clock's time
      if (st.current.track) {
        drawTrack(st.current.track);
        place(st.current.track, st.current.cur);
      }
    });
    return () => {
      alive = false;
      if (st.current.map) st.current.map.remove();
      st.current.map = null;
    };
  }, []);

  function drawTrack(tr) {
    const s = st.current;
    if (!s.map) return;
    if (s.line) s.line.remove();
    if (s.marker) s.marker.remove();
    const pts = tr.ts.map((_, i) => [tr.lat[i], tr.lon[i]]).filter((p) => p[0] != null && p[1] != null);
    if (!pts.length) return;
    s.line = L.polyline(pts, { color: '#1e6fd9', weight: 3, opacity: 0.7 }).addTo(s.map);
    s.marker = L.circleMarker(pts[0], { radius: 9, color: '#000', weight: 2, fillColor: '#2e8b57', fillOpacity: 1,
      className: 'replay-marker', renderer: L.svg() }).addTo(s.map);
    s.map.fitBounds(s.line.getBounds(), { padding: [20, 20] });
  }

  // the lanes and the track, whenever a track is loaded
  useEffect(() => {
    if (!trackData) return undefined;
    drawTrack(trackData);
    const el = lanesEl.current;
    el.innerHTML = '';
    const xs = trackData.ts.map((x) => x / 1000);
    const plugins = [clockLine(() => st.current.cur)];
    const p1 = chart(el, t('speed') + ' (km/h)', [xs, trackData.speed], [{ label: t('speed'), stroke: '#1e6fd9' }], { height: 140, plugins });
    const p2 = chart(el, t('lock') + ' (1 = ' + t('locked') + ')', [xs, (trackData.lock || []).map(lockValue)],
      [{ label: t('lock'), stroke: '#b00020', paths: undefined }], { plugins });
    p2.setSize({ width: p1.width, height: 120 });
    st.current.plots = [p1, p2];
    return () => st.current.plots.forEach((p) => p.destroy());
  }, [trackData]);

  /** The marker at the track's sample for time tm, coloured by the alert open then. */
  function place(tr, tm) {
    const s = st.current;
    if (!tr || !s.marker) return;
    const i = at(tr.ts, tm);
    if (i < 0) return;
    s.marker.setLatLng([tr.lat[i], tr.lon[i]]);
    let lv = null;
    s.alerts.forEach((a) => {
      if (a.ts <= tm) lv = a.kind === 'cleared' ? null : a.level;
    });
    s.marker.setStyle({ fillColor: lv ? LEVEL_COLOUR[lv] : '#2e8b57' });
  }

  // the clock drives the marker and the lanes
  useEffect(() => {
    place(trackData, cur);
    st.current.plots.forEach((p) => p.redraw(false));
  }, [cur, trackData, alertsOn]);

  // playing: replay time advances speed x wall time
  useEffect(() => {
    if (!playing || !trackData || !trackData.ts.length) return undefined;
    let last = performance.now();
    let raf = 0;
    const end = trackData.ts[trackData.ts.length - 1];
    const step = (nowMs) => {
      const dt = nowMs - last;
      last = nowMs;
      const next = Math.min(end, st.current.cur + dt * speed);
      setCur(next);
      if (next >= end) setPlaying(false);
      else raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, trackData]);

  const ts = trackData ? trackData.ts : [];
  const i = trackData ? at(ts, cur) : -1;
  const shown = alertsOn.filter((a) => a.ts <= cur);
  return html`<section class="replay" data-device=${id}>
    <div class="toolbar"><h2>${t('replay')} · <a href=${href('device', id)}>${id}</a></h2>
      <label>${t('from')}<input type="datetime-local" id="replay-from" value=${from} onChange=${(e) => setFrom(e.target.value)} /></label>
      <label>${t('to')}<input type="datetime-local" id="replay-to" value=${to} onChange=${(e) => setTo(e.target.value)} /></label>
      <button type="button" id="replay-load" onClick=${load}>${t('apply')}</button>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    <div class="controls">
      <button type="button" id="replay-play" onClick=${() => setPlaying(!playing)} disabled=${!ts.length}>
        ${playing ? '⏸ ' + t('pause') : '▶ ' + t('play')}</button>
      <select id="replay-speed" value=${speed} onChange=${(e) => setSpeed(Number(e.target.value))}>
        ${SPEEDS.map((s) => html`<option value=${s}>×${s}</option>`)}</select>
      <input type="range" id="replay-scrubber" min=${ts[0] || 0} max=${ts[ts.length - 1] || 0} step="1000" value=${cur}
        onInput=${(e) => setCur(Number(e.target.value))} disabled=${!ts.length} />
      <output id="replay-clock" data-time=${Math.round(cur)} data-index=${i}
        data-lat=${i >= 0 ? trackData.lat[i] : ''} data-lon=${i >= 0 ? trackData.lon[i] : ''}
        data-speed=${i >= 0 ? trackData.speed[i] : ''} data-lock=${i >= 0 ? String(trackData.lock ? trackData.lock[i] : '') : ''}
        data-alerts=${shown.length}>${when(cur)} · ${i >= 0 ? trackData.speed[i] + ' km/h' : ''}</output>
    </div>
    ${trackData && !ts.length && html`<p class="empty">${t('noTrack')}</p>`}
    <div class="replay-grid">
      <div class="map" id="replay-map" ref=${mapEl}></div>
      <ol class="replay-alerts" id="replay-alerts">${alertsOn.map((a) => html`<li class=${a.ts <= cur ? 'past' : 'future'}
        data-ts=${a.ts}>${clock(a.ts)} <${LevelBadge} level=${a.level} /> ${t('kind_' + a.kind)} · ${a.message || ''}</li>`)}</ol>
    </div>
    <div class="lanes" id="replay-lanes" ref=${lanesEl}></div>
  </section>`;
}

function threshold(condition) {
  const m = /([<>]=?)\s*(-?\d+(?:\.\d+)?)/.exec(condition || '');
  return m ? Number(m[2]) : null;
}

export function Episode({ id }) {
  const [ep, setEp] = useState(null);
  const [error, setError] = useState('');
  const plots = useRef(null);
  useEffect(() => {
    api.episode(id).then(setEp).catch((e) => setError(e.message));
  }, [id]);
  useEffect(() => {
    if (!ep || !ep.readings || !plots.current) return undefined;
    const r = ep.readings;
    const made = [];
    plots.current.innerHTML = '';
    const levels = (ep.rule && ep.rule.levels) || [];
    (ep.fields || []).filter((f) => Array.isArray(r[f])).forEach((f) => {
      const meta = (r.fields || {})[f] || {};
      const lines = ep.rule && ep.rule.field === f ? levels.map((l) => ({ level: l.level, v: threshold(l.condition) })).filter((l) => l.v != null) : [];
      const xs = r.ts.map((x) => x / 1000);
      const data = [xs, r[f], ...lines.map((l) => xs.map(() => l.v))];
      const series = [{ label: label(meta.label, f), stroke: '#222', width: 1.5 },
        ...lines.map((l) => ({ label: t('thresholds') + ' ' + l.level, stroke: LEVEL_COLOUR[l.level], dash: [6, 4] }))];
      made.push(chart(plots.current, label(meta.label, f) + (meta.unit ? ' (' + meta.unit + ')' : ''), data, series));
    });
    return () => made.forEach((p) => p.destroy());
  }, [ep]);
  if (error) return html`<p class="error">${error}</p>`;
  if (!ep) return html`<p class="loading">…</p>`;
  const a = ep.alert;
  return html`<section class="episode" id="episode">
    <div class="toolbar"><h2>${t('episode')}</h2><button type="button" id="print" onClick=${() => print()}>${t('print')}</button>
      ${a.profile === 'hazmat-vehicle' && html`<a class="button" href=${href('replay', a.device) + '?' + new URLSearchParams({
        from: ep.window.from, to: ep.window.to })}>${t('replay')}</a>`}</div>
    <table class="values"><tbody>
      <tr><th>${t('level')}</th><td><${LevelBadge} level=${a.level} /></td></tr>
      <tr><th>${t('device')}</th><td><a href=${href('device', a.device)}>${a.device}</a> · ${a.enterprise} · ${name(a.region)}</td></tr>
      <tr><th>${t('rule')}</th><td>${ep.rule ? label(ep.rule.name, ep.rule.id) + ' (' + ep.rule.id + ' v' + ep.rule.version + ')' : a.rule}</td></tr>
      <tr><th>${t('message')}</th><td>${a.message}</td></tr>
      <tr><th>${t('raised')}</th><td>${when(a.raised_at)}</td></tr>
      <tr><th>${t('state')}</th><td>${a.state === 'open' ? t('open') : t('closed') + ' ' + when(a.cleared_at)}</td></tr>
      ${ep.rule && html`<tr><th>${t('thresholds')}</th><td>${ep.rule.levels.map((l) => html`<div><${LevelBadge} level=${l.level} />
        ${l.condition}${l.for_ms ? ' · ' + l.for_ms / 1000 + ' s' : ''}</div>`)}</td></tr>`}
    </tbody></table>
    <h3>${t('readings')}</h3>
    <div class="plot" id="episode-charts" ref=${plots}></div>
    <h3>${t('lifecycle')}</h3>
    <ol class="lifecycle">${(a.events || []).map((e) => html`<li>${when(e.time)} · ${t('kind_' + e.kind)} · <${LevelBadge} level=${e.level} />
      ${e.actor ? ' · ' + t('who') + ': ' + e.actor : ''}${e.comment ? ' · “' + e.comment + '”' : ''}</li>`)}</ol>
    <${CasePanel} id=${id} />
  </section>`;
}
