// Alert board (open alerts, live) and alert history (same filters, any state, a time range).
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { t, name, when, LEVELS } from './i18n.js';
import { html, href, LevelBadge } from './ui.js';

const PROFILES = ['elevator', 'emission-cems', 'hazmat-vehicle', 'power-transformer'];
const RANK = { red: 4, orange: 3, yellow: 2, blue: 1 };

// One short tone per new red or orange alert (Web Audio, no sound file needed).
let audio = null;
function beep(level) {
  try {
    audio = audio || new AudioContext();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.frequency.value = level === 'red' ? 880 : 660;
    g.gain.value = 0.15;
    o.connect(g).connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 0.35);
  } catch (e) {
    /* no audio device: the counter below still shows the alert was announced */
  }
}

function Filters({ f, set, history, regions, enterprises }) {
  const toggle = (lv) => {
    const s = new Set(f.levels);
    if (s.has(lv)) s.delete(lv); else s.add(lv);
    set({ ...f, levels: [...s] });
  };
  const sel = (key, options, labelOf) => html`<label>${t(key === 'profile' ? 'kind' : key)}
    <select id=${'filter-' + key} value=${f[key]} onChange=${(e) => set({ ...f, [key]: e.target.value })}>
      <option value="">${t('any')}</option>
      ${options.map((o) => html`<option value=${o}>${labelOf ? labelOf(o) : o}</option>`)}
    </select></label>`;
  return html`<div class="filters">
    <fieldset class="levels"><legend>${t('level')}</legend>
      ${LEVELS.map((lv) => html`<label class=${'chip level-' + lv}>
        <input type="checkbox" id=${'filter-level-' + lv} checked=${f.levels.includes(lv)} onChange=${() => toggle(lv)} />
        <${LevelBadge} level=${lv} /></label>`)}
    </fieldset>
    ${sel('region', regions, name)}
    ${sel('enterprise', enterprises)}
    ${sel('profile', PROFILES, name)}
    ${history && html`<label>${t('state')}<select id="filter-state" value=${f.state} onChange=${(e) => set({ ...f, state: e.target.value })}>
      <option value="all">${t('all')}</option><option value="open">${t('open')}</option><option value="closed">${t('closed')}</option>
    </select></label>
    <label>${t('from')}<input type="datetime-local" id="filter-from" value=${f.from} onChange=${(e) => set({ ...f, from: e.target.value })} /></label>
    <label>${t('to')}<input type="datetime-local" id="filter-to" value=${f.to} onChange=${(e) => set({ ...f, to: e.target.value })} /></label>`}
  </div>`;
}

// datetime-local values are read as Beijing time (+08:00), the zone every time here is shown in.
export function beijing(local) {
  return local ? new Date(local + ':00+08:00').getTime() : undefined;
}

function query(f) {
  return {
    level: f.levels.length && f.levels.length < 4 ? f.levels.join(',') : undefined,
    region: f.region, enterprise: f.enterprise, profile: f.profile,
  };
}

function AckForm({ a, me, onDone }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  async function submit(e) {
    e.preventDefault();
    try {
      onDone(await api.acknowledge(a.id, comment));
    } catch (err) {
      setError(err.message);
    }
  }
  return html`<form class="ack" onSubmit=${submit}>
    <textarea class="ack-comment" placeholder=${t('comment')} value=${comment} onInput=${(e) => setComment(e.target.value)} required></textarea>
    <button class="ack-submit">${t('submit')}</button><button type="button" onClick=${() => onDone(null)}>${t('cancel')}</button>
    ${error && html`<p class="error">${error}</p>`}
  </form>`;
}

function Row({ a, me, onChange }) {
  const [acking, setAcking] = useState(false);
  const canAck = a.state === 'open' && !a.acknowledged && me.may_acknowledge !== false && me.role !== 'inspector';
  return html`<tr class=${'alert level-' + a.level + ' ' + a.state} data-alert=${a.id} data-level=${a.level}>
    <td><${LevelBadge} level=${a.level} /></td>
    <td class="time">${when(a.raised_at)}</td>
    <td><a href=${href('device', a.device)}>${a.device}</a><br /><small>${name(a.profile)}</small></td>
    <td>${name(a.region)}<br /><small>${a.enterprise}</small></td>
    <td class="message">${a.message}<br /><small><a href=${href('episode', a.id)}>${t('episode')}</a></small></td>
    <td class="state">${a.state === 'open' ? t('open') : t('closed') + ' ' + when(a.cleared_at)}</td>
    <td class="ack-cell">${a.acknowledged
      ? html`<span class="acked">✔ ${t('acked')}: ${a.acknowledged.by} ${when(a.acknowledged.at)}<br /><q>${a.acknowledged.comment}</q></span>`
      : canAck && (acking
        ? html`<${AckForm} a=${a} me=${me} onDone=${(x) => { setAcking(false); if (x) onChange(x); }} />`
        : html`<button class="ack-button" onClick=${() => setAcking(true)}>${t('ack')}</button>`)}</td>
  </tr>`;
}

export function Board({ me, history }) {
  const [f, setF] = useState({ levels: [...LEVELS], region: '', enterprise: '', profile: '', state: history ? 'all' : 'open', from: '', to: '' });
  const [list, setList] = useState(null);
  const [error, setError] = useState('');
  const [live, setLive] = useState(false);
  const [muted, setMuted] = useState(localStorage.getItem('vigil.muted') === '1');
  const [sounds, setSounds] = useState(0);
  const [fresh, setFresh] = useState(0);
  const [meta, setMeta] = useState({ regions: [], enterprises: [] });
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  useEffect(() => {
    api.devices({}).then((d) => setMeta({
      regions: [...new Set(d.devices.map((x) => x.region))].sort(),
      enterprises: [...new Set(d.devices.map((x) => x.enterprise))].sort(),
    })).catch(() => {});
  }, []);

  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    const q = { ...query(f), state: f.state, limit: 500, from: beijing(f.from), to: beijing(f.to) };
    api.alerts(q).then((r) => {
      if (cancelled) return;
      setList(r.alerts.sort((x, y) => y.raised_at - x.raised_at));
      setError('');
    }).catch((e) => setError(e.message));
    if (!history) {
      stop = api.stream(query(f), (ev) => {
        if ((ev.kind === 'raised' || ev.kind === 'escalated') && RANK[ev.level] >= 3) {
          setSounds((n) => n + 1);
          if (!mutedRef.current) beep(ev.level);
        }
        if (ev.kind === 'raised') setFresh((n) => n + 1);
        api.alert(ev.alert_id).then((a) => setList((l) => upsert(l || [], a, f.state))).catch(() => {});
      }, setLive);
    }
    return () => {
      cancelled = true;
      stop();
    };
  }, [JSON.stringify(f), history]);

  function toggleMute() {
    localStorage.setItem('vigil.muted', muted ? '0' : '1');
    setMuted(!muted);
  }
  const exportHref = api.exportUrl({ region: f.region, enterprise: f.enterprise, profile: f.profile,
    from: beijing(f.from) || Date.now() - 86_400_000, to: beijing(f.to) || Date.now() });
  return html`<section class="board">
    <div class="toolbar">
      <h2>${history ? t('history') : t('board')}</h2>
      ${!history && html`<span class=${'live ' + (live ? 'on' : 'off')} id="live-state">● ${t('live')}</span>
        <span class="fresh" id="fresh-count">${fresh} ${t('newAlerts')}</span>
        <button type="button" id="sound-toggle" class=${muted ? 'muted' : 'sound'} aria-pressed=${muted}
          data-sounds=${sounds} onClick=${toggleMute}>${muted ? '🔇 ' + t('mute') : '🔔 ' + t('unmute')}</button>`}
      <a class="button" id="export-csv" href=${exportHref} download>${t('export')}</a>
    </div>
    <${Filters} f=${f} set=${setF} history=${history} regions=${meta.regions} enterprises=${meta.enterprises} />
    ${error && html`<p class="error">${error}</p>`}
    ${list === null ? html`<p class="loading">…</p>` : list.length === 0 ? html`<p class="empty" id="no-alerts">${t('noAlerts')}</p>`
      : html`<table class="alerts" id="alerts-table"><thead><tr><th>${t('level')}</th><th>${t('raised')}</th><th>${t('device')}</th>
        <th>${t('region')} / ${t('enterprise')}</th><th>${t('message')}</th><th>${t('state')}</th><th>${t('ack')}</th></tr></thead>
        <tbody>${list.filter((a) => f.levels.includes(a.level)).map((a) => html`<${Row} key=${a.id} a=${a} me=${me}
          onChange=${(x) => setList((l) => upsert(l, x, f.state))} />`)}</tbody></table>`}
  </section>`;
}

function upsert(list, a, state) {
  const rest = list.filter((x) => x.id !== a.id);
  if (state === 'open' && a.state !== 'open') return rest;
  return [a, ...rest].sort((x, y) => y.raised_at - x.raised_at);
}
