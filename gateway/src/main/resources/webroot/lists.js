// The device list (every device the caller may see) and the audit trail (admins).
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { t, name, when } from './i18n.js';
import { html, href, LevelBadge } from './ui.js';
import { worst } from './map.js';

export function DeviceList() {
  const [devs, setDevs] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.devices({}).then((d) => setDevs(d.devices)).catch((e) => setError(e.message));
  }, []);
  if (error) return html`<p class="error">${error}</p>`;
  if (!devs) return html`<p class="loading">…</p>`;
  return html`<section><h2>${t('devices')}</h2>
    <table class="alerts" id="devices-table"><thead><tr><th>${t('device')}</th><th>${t('kind')}</th><th>${t('region')}</th>
      <th>${t('enterprise')}</th><th>${t('state')}</th><th>${t('lastSeen')}</th><th>${t('openAlerts')}</th></tr></thead>
    <tbody>${devs.map((d) => {
      const w = worst(d.alerts);
      return html`<tr data-device=${d.id}><td><a href=${href('device', d.id)}>${d.id}</a></td><td>${name(d.profile)}</td>
        <td>${name(d.region)}</td><td>${d.enterprise}</td><td class=${'state ' + d.state}>${t(d.state)}</td>
        <td>${when(d.last_seen)}</td><td>${d.open_alerts}${w && html` <${LevelBadge} level=${w} />`}</td></tr>`;
    })}</tbody></table></section>`;
}

export function Audit() {
  const [rows, setRows] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.get('/api/v1/audit?time_format=ms').then((r) => setRows(r.records || [])).catch((e) => setError(e.message));
  }, []);
  if (error) return html`<p class="error">${error}</p>`;
  if (!rows) return html`<p class="loading">…</p>`;
  return html`<section><h2>${t('audit')}</h2>
    <table class="alerts" id="audit-table"><thead><tr><th>${t('time')}</th><th>${t('who')}</th><th>${t('what')}</th><th></th><th></th></tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${'audit ' + r.outcome}><td>${when(r.time_ms)}</td><td>${r.user}</td><td>${r.action} · ${r.outcome}</td>
      <td>${r.address || ''}</td><td>${r.detail || ''}</td></tr>`)}</tbody></table></section>`;
}
