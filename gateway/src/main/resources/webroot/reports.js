// Supervision KPIs (监管报表): a day's or a month's online rate, CEMS valid-data rate and disposal
// figures per region and enterprise, the CEMS below the valid-data threshold, and the trend over
// the period. Everything is computed by the gateway (GET /api/v1/reports/...); this page draws it.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from './api.js';
import { t, name, getLang } from './i18n.js';
import { html, href } from './ui.js';
import { chart } from './device.js';

const TABLE = ['id', 'online_rate', 'valid_data_rate', 'alerts', 'alerts_red', 'alerts_orange', 'alerts_yellow', 'alerts_blue',
  'overdue_alerts', 'escalations', 'repeat_alerts', 'receive_median_s', 'handle_median_s', 'close_median_s'];

/** Today's date (or this month) in Beijing time. */
function beijingToday() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function pct(v) {
  return v == null ? '—' : v.toFixed(1) + ' %';
}

function duration(s) {
  if (s == null) return '—';
  if (s < 120) return Math.round(s) + ' s';
  if (s < 7200) return (s / 60).toFixed(1) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function cell(key, v, kind) {
  if (key === 'id') return kind === 'region' || kind === 'profile' ? name(v) : v;
  if (key.endsWith('_rate')) return pct(v);
  if (key.endsWith('_s')) return duration(v);
  return v == null ? '—' : String(v);
}

function Table({ id, rows, kind, columns }) {
  const heads = TABLE.map((k) => columns.find((c) => c.key === k) || { key: k, zh: k, en: k });
  const title = getLang() === 'zh' ? { region: '区域', enterprise: '企业' }[kind] : { region: 'Region', enterprise: 'Enterprise' }[kind];
  return html`<table class="alerts report" id=${id}><thead><tr>${heads.map((c) => html`<th>${c.key === 'id' ? title
    : (getLang() === 'zh' ? c.zh : c.en)}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr data-row=${r.id}>${TABLE.map((k) => html`<td data-key=${k}
      class=${k === 'valid_data_rate' && r.below_threshold ? 'overdue' : ''}>${cell(k, r[k], kind)}</td>`)}</tr>`)}</tbody></table>`;
}

export function Reports() {
  const [kind, setKind] = useState('daily');
  const [date, setDate] = useState(beijingToday());
  const [month, setMonth] = useState(beijingToday().slice(0, 7));
  const [rep, setRep] = useState(null);
  const [error, setError] = useState('');
  const trendEl = useRef(null);
  const q = kind === 'daily' ? { date } : { month };

  useEffect(() => {
    let live = true;
    setRep(null);
    setError('');
    api.report(kind, q).then((r) => live && setRep(r)).catch((e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [kind, date, month]);

  useEffect(() => {
    if (!rep || !trendEl.current || !rep.trend || rep.trend.length < 2) return undefined;
    trendEl.current.innerHTML = '';
    const xs = rep.trend.map((d) => Date.parse(d.date + 'T00:00:00+08:00') / 1000);
    const plot = chart(trendEl.current, t('trend'), [xs, rep.trend.map((d) => d.online_rate), rep.trend.map((d) => d.valid_data_rate),
      rep.trend.map((d) => d.alerts)], [
      { label: t('onlineRate') + ' %', stroke: '#1b7f3b', width: 2, scale: '%' },
      { label: t('validRate') + ' %', stroke: '#1e6fd9', width: 2, scale: '%' },
      { label: t('alerts'), stroke: '#e60012', width: 1.5, scale: 'n' },
    ], { axes: [{}, { scale: '%' }, { scale: 'n', side: 1, grid: { show: false } }] });
    return () => plot.destroy();
  }, [rep]);

  const total = rep && rep.rows.find((r) => r.kind === 'total');
  const of = (k) => (rep ? rep.rows.filter((r) => r.kind === k) : []);
  const d = rep && rep.disposal;
  return html`<section class="reports" id="reports">
    <div class="toolbar"><h2>${t('reports')}</h2>
      <nav class="tabs"><a id="report-daily" class=${kind === 'daily' ? 'active' : ''} href="#/reports"
        onClick=${(e) => { e.preventDefault(); setKind('daily'); }}>${t('daily')}</a>
        <a id="report-monthly" class=${kind === 'monthly' ? 'active' : ''} href="#/reports"
        onClick=${(e) => { e.preventDefault(); setKind('monthly'); }}>${t('monthly')}</a></nav>
      ${kind === 'daily'
        ? html`<input type="date" id="report-date" value=${date} onChange=${(e) => e.target.value && setDate(e.target.value)} />`
        : html`<input type="month" id="report-month" value=${month} onChange=${(e) => e.target.value && setMonth(e.target.value)} />`}
      <a class="button" id="report-csv" download href=${api.reportUrl(kind, { ...q, format: 'csv' })}>${t('export')}</a>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    ${!rep && !error && html`<p class="loading">…</p>`}
    ${rep && html`<div class="kpis" id="report-kpis">
        <div class="kpi" data-kpi="online_rate"><small>${t('onlineRate')}</small><strong>${pct(total.online_rate)}</strong></div>
        <div class="kpi" data-kpi="valid_data_rate"><small>${t('validRate')} (≥ ${rep.valid_data_threshold_pct} %)</small>
          <strong>${pct(total.valid_data_rate)}</strong></div>
        <div class="kpi" data-kpi="alerts"><small>${t('alerts')}</small><strong>${d.alerts}</strong></div>
        <div class="kpi" data-kpi="overdue"><small>${t('overdue')} / ${t('escalated')}</small><strong>${d.overdue_alerts} / ${d.escalations}</strong></div>
        <div class="kpi" data-kpi="receive"><small>${t('timeToReceive')}</small><strong>${duration(d.time_to_receive && d.time_to_receive.median_s)}</strong></div>
        <div class="kpi" data-kpi="handle"><small>${t('timeToHandle')}</small><strong>${duration(d.time_to_handle && d.time_to_handle.median_s)}</strong></div>
        <div class="kpi" data-kpi="close"><small>${t('timeToClose')}</small><strong>${duration(d.time_to_close && d.time_to_close.median_s)}</strong></div>
      </div>
      <h3>${t('byRegion')}</h3><${Table} id="report-regions" rows=${of('region')} kind="region" columns=${rep.columns} />
      <h3>${t('byEnterprise')}</h3><${Table} id="report-enterprises" rows=${of('enterprise')} kind="enterprise" columns=${rep.columns} />
      <h3>${t('validBelow')}</h3>
      ${rep.valid_data_below.length === 0 ? html`<p class="empty" id="valid-below-none">—</p>`
        : html`<ul id="valid-below">${rep.valid_data_below.map((b) => html`<li><a href=${href('device', b.device)}>${b.device}</a>
          · ${b.enterprise} · ${name(b.region)} · <span class="overdue">${pct(b.valid_data_rate)}</span>
          (${b.valid_hours} / ${b.expected_hours} h)</li>`)}</ul>`}
      ${rep.trend.length > 1 && html`<div class="plot" id="report-trend" ref=${trendEl}></div>`}`}
  </section>`;
}
