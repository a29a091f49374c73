// Closed-loop disposal (闭环处置): the work queue (mine, my region's, overdue, all) and a case's
// timeline with the steps the signed-in user may take. The server decides who may do what; the
// buttons shown are the case's "allowed" list, and a refusal is shown as the server words it.
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { t, name, when, label, LEVELS } from './i18n.js';
import { html, href, LevelBadge } from './ui.js';

const TABS = ['mine', 'region', 'overdue', 'all'];
// moving into these states needs a comment: what was done, why it failed verification, why it is a false alarm
const NEEDS_COMMENT = new Set(['handled', 'rejected', 'false_alarm']);

function tabQuery(tab) {
  switch (tab) {
    case 'mine': return { mine: true, state: 'open' };
    case 'overdue': return { overdue: true, state: 'open' };
    case 'region': return { state: 'open' };
    default: return { state: 'all' };
  }
}

/** The next unmet deadline of a case: {step, due, overdue, escalation}, or null. */
export function nextDeadline(c) {
  const open = (c.deadlines || []).filter((d) => d.met_at == null);
  open.sort((a, b) => a.due - b.due);
  return open[0] || null;
}

export function StateBadge({ c }) {
  return html`<span class=${'case-state state-' + c.state} data-state=${c.state}>${label(c.state_label, c.state)}</span>
    ${c.escalation > 0 && html` <span class="escalated" data-escalation=${c.escalation}>⚠ ${t('escalated')} ${c.escalation}</span>`}`;
}

function Deadline({ c }) {
  const d = nextDeadline(c);
  if (!d || c.state === 'closed' || c.state === 'false_alarm') return html`<span>—</span>`;
  return html`<span class=${d.overdue ? 'due overdue' : 'due'}>${t('step_' + d.step)} ${t('before')} ${when(d.due)}
    ${d.overdue ? html`<br /><strong>${t('overdue')}</strong>` : ''}</span>`;
}

/** The transitions the caller may make now, each with a comment box when it needs one. */
export function Steps({ c, onDone }) {
  const [to, setTo] = useState(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  async function submit(e) {
    e.preventDefault();
    setError('');
    try {
      const r = await api.transition(c.id, to, comment);
      setTo(null);
      setComment('');
      onDone(r.case || r);
    } catch (err) {
      setError(err.message);
    }
  }
  if (!c.allowed || c.allowed.length === 0) return html`<span class="no-steps"></span>`;
  if (to) {
    return html`<form class="step-form" onSubmit=${submit} data-to=${to}>
      <strong>${t('to_' + to)}</strong>
      <textarea class="step-comment" placeholder=${t(NEEDS_COMMENT.has(to) ? 'commentNeeded_' + to : 'comment')}
        value=${comment} onInput=${(e) => setComment(e.target.value)} required=${NEEDS_COMMENT.has(to)}></textarea>
      <button class="step-submit">${t('submit')}</button><button type="button" onClick=${() => setTo(null)}>${t('cancel')}</button>
      ${error && html`<p class="error step-error">${error}</p>`}
    </form>`;
  }
  return html`<span class="steps">${c.allowed.map((s) => html`<button type="button" class=${'step-button to-' + s}
    data-to=${s} onClick=${() => setTo(s)}>${t('to_' + s)}</button>`)}</span>`;
}

export function WorkQueue({ me, query }) {
  const tab = TABS.includes(query.get('tab')) ? query.get('tab') : (me.role === 'inspector' ? 'all' : 'mine');
  const [levels, setLevels] = useState([...LEVELS]);
  const [list, setList] = useState(null);
  const [counts, setCounts] = useState({});
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.cases({ ...tabQuery(tab), limit: 500 }).then((r) => {
      if (cancelled) return;
      setList(r.cases.sort((a, b) => (b.overdue - a.overdue) || (b.escalation - a.escalation) || b.raised_at - a.raised_at));
      setCounts({ open: r.open, overdue: r.overdue });
      setError('');
    }).catch((e) => setError(e.message));
    return () => {
      cancelled = true;
    };
  }, [tab, tick]);

  // new alerts, steps and escalations arrive on the alert stream: fetch the queue again
  useEffect(() => api.stream({}, (ev) => {
    if (['raised', 'transition', 'overdue', 'cleared'].includes(ev.kind)) setTick((n) => n + 1);
  }), []);

  const shown = (list || []).filter((c) => levels.includes(c.level));
  return html`<section class="queue" id="work-queue" data-tab=${tab}>
    <div class="toolbar"><h2>${t('cases')}</h2>
      <nav class="tabs">${TABS.map((x) => html`<a id=${'tab-' + x} class=${x === tab ? 'active' : ''}
        href=${'#/cases?tab=' + x}>${t('tab_' + x)}</a>`)}</nav>
      <span id="case-counts">${t('open')} ${counts.open ?? '—'} · <span class=${counts.overdue ? 'overdue' : ''}>${t('overdue')}
        ${counts.overdue ?? '—'}</span></span>
    </div>
    <div class="filters"><fieldset class="levels"><legend>${t('level')}</legend>
      ${LEVELS.map((lv) => html`<label class=${'chip level-' + lv}><input type="checkbox" checked=${levels.includes(lv)}
        onChange=${() => setLevels(levels.includes(lv) ? levels.filter((x) => x !== lv) : [...levels, lv])} />
        <${LevelBadge} level=${lv} /></label>`)}</fieldset></div>
    ${error && html`<p class="error">${error}</p>`}
    ${list === null ? html`<p class="loading">…</p>` : shown.length === 0 ? html`<p class="empty" id="no-cases">${t('noCases')}</p>`
      : html`<table class="alerts" id="cases-table"><thead><tr><th>${t('level')}</th><th>${t('raised')}</th><th>${t('device')}</th>
        <th>${t('region')} / ${t('enterprise')}</th><th>${t('caseState')}</th><th>${t('deadline')}</th><th>${t('nextStep')}</th></tr></thead>
        <tbody>${shown.map((c) => html`<tr key=${c.id} class=${'case level-' + c.level + (c.overdue ? ' overdue' : '')}
          data-case=${c.id} data-state=${c.state} data-overdue=${String(c.overdue)}>
          <td><${LevelBadge} level=${c.level} /></td>
          <td class="time">${when(c.raised_at)}</td>
          <td><a href=${href('device', c.device)}>${c.device}</a><br /><small>${name(c.profile)} · ${c.rule}</small></td>
          <td>${name(c.region)}<br /><small>${c.enterprise}</small></td>
          <td><${StateBadge} c=${c} /><br /><small><a href=${href('episode', c.id)}>${t('caseTimeline')}</a>
            · ${c.alert_state === 'open' ? t('open') : t('alertCleared')}</small></td>
          <td><${Deadline} c=${c} /></td>
          <td><${Steps} c=${c} onDone=${() => setTick((n) => n + 1)} /></td>
        </tr>`)}</tbody></table>`}
  </section>`;
}

/** A case's timeline and its next steps, for the alert's episode page. */
export function CasePanel({ id }) {
  const [c, setC] = useState(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.caseOf(id).then(setC).catch((e) => setError(e.status === 404 ? '' : e.message));
  }, [id, tick]);
  useEffect(() => api.stream({}, (ev) => {
    if (ev.alert_id === id) setTick((n) => n + 1);
  }), [id]);
  if (error) return html`<p class="error">${error}</p>`;
  if (!c) return null;
  return html`<div class="case-panel" id="case-panel" data-state=${c.state} data-escalation=${c.escalation}>
    <h3>${t('caseTimeline')} · <${StateBadge} c=${c} /></h3>
    <table class="values deadlines"><tbody>${(c.deadlines || []).map((d) => html`<tr class=${d.overdue ? 'overdue' : ''}>
      <th>${t('step_' + d.step)}</th><td>${t('before')} ${when(d.due)}</td>
      <td>${d.met_at != null ? '✔ ' + when(d.met_at) : d.overdue ? t('overdue') + (d.escalation ? ' · ' + t('escalated') + ' ' + d.escalation : '') : ''}</td>
    </tr>`)}</tbody></table>
    <ol class="timeline" id="case-timeline">${(c.timeline || []).map((e) => html`<li data-kind=${e.kind}>${when(e.time)} ·
      ${e.kind === 'overdue' ? html`<strong class="overdue">${t('overdue')}: ${t('step_' + e.step)} · ${t('escalated')} ${e.escalation}</strong>`
        : e.kind === 'transition' ? html`<strong>${t('to_' + e.case_to)}</strong>` : t('kind_' + e.kind)}
      ${e.level ? html` <${LevelBadge} level=${e.level} />` : ''}${e.actor ? ' · ' + t('who') + ': ' + e.actor : ''}
      ${e.comment ? ' · “' + e.comment + '”' : ''}</li>`)}</ol>
    <div class="no-print"><${Steps} c=${c} onDone=${() => setTick((n) => n + 1)} /></div>
  </div>`;
}
