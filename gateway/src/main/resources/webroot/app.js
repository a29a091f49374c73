// Vigil supervision console: log-in, header, and the hash router over the screens.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { t, getLang, setLang, onLang } from './i18n.js';
import { Board } from './board.js';
import { MapView } from './map.js';
import { DevicePage } from './device.js';
import { Replay, Episode } from './replay.js';
import { DeviceList, Audit } from './lists.js';
import { WorkQueue } from './cases.js';
import { Reports } from './reports.js';
import { html } from './ui.js';

function parseHash() {
  const [path, query] = (location.hash.slice(1) || '/board').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || 'board', arg: parts.slice(1).join('/'), query: new URLSearchParams(query || '') };
}

function Login({ onIn, notice }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(notice || '');
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onIn(await api.login(user, password));
    } catch (err) {
      setError(err.status === 429 ? t('tooMany') : err.status === 401 ? t('loginFailed') : err.message);
    } finally {
      setBusy(false);
    }
  }
  return html`<main class="login">
    <form onSubmit=${submit} id="login-form">
      <h1>${t('title')}</h1>
      <label>${t('user')}<input id="login-user" autocomplete="username" value=${user} onInput=${(e) => setUser(e.target.value)} required /></label>
      <label>${t('password')}<input id="login-password" type="password" autocomplete="current-password" value=${password}
        onInput=${(e) => setPassword(e.target.value)} required /></label>
      ${error && html`<p class="error" role="alert" id="login-error">${error}</p>`}
      <button id="login-submit" disabled=${busy}>${t('login')}</button>
      <${LangSwitch} />
    </form>
  </main>`;
}

function LangSwitch() {
  const other = getLang() === 'zh' ? 'en' : 'zh';
  return html`<button type="button" class="lang" id="lang-switch" onClick=${() => setLang(other)}
    title=${other === 'en' ? 'English' : '中文'}>${other === 'en' ? 'English' : '中文'}</button>`;
}

const ROLE_KEY = { admin: 'admin', regulator: 'regulator', enterprise: 'enterpriseRole', inspector: 'inspector' };

function Header({ me, route, onOut }) {
  const tabs = [['board', 'board'], ['cases', 'cases'], ['history', 'history'], ['map', 'map'], ['devices', 'devices'], ['reports', 'reports']];
  if (me.role === 'admin') tabs.push(['audit', 'audit']);
  return html`<header>
    <strong class="brand">${t('title')}</strong>
    <nav>${tabs.map(([v, k]) => html`<a href=${'#/' + v} id=${'nav-' + v} class=${route.view === v ? 'active' : ''}>${t(k)}</a>`)}</nav>
    <span class="who" id="who">${me.name} · ${t(ROLE_KEY[me.role] || me.role)}</span>
    <${LangSwitch} />
    <button type="button" id="logout" onClick=${onOut}>${t('logout')}</button>
  </header>`;
}

function App() {
  const [me, setMe] = useState(undefined);
  const [notice, setNotice] = useState('');
  const [route, setRoute] = useState(parseHash());
  const [, setLangTick] = useState(0);
  useEffect(() => onLang(() => setLangTick((n) => n + 1)), []);
  useEffect(() => {
    const f = () => setRoute(parseHash());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  useEffect(() => {
    api.whenUnauthorized(() => {
      setNotice(t('sessionExpired'));
      setMe(null);
    });
    api.me().then((m) => signIn(m)).catch(() => setMe(null));
  }, []);
  function signIn(m) {
    api.setCsrf(m.csrf_token);
    setNotice('');
    setMe(m);
  }
  async function signOut() {
    try {
      await api.logout();
    } finally {
      api.setCsrf(null);
      setMe(null);
    }
  }
  if (me === undefined) return html`<p class="loading">…</p>`;
  if (me === null) return html`<${Login} onIn=${signIn} notice=${notice} />`;
  let page;
  switch (route.view) {
    case 'history': page = html`<${Board} me=${me} history=${true} key="history" />`; break;
    case 'cases': page = html`<${WorkQueue} me=${me} query=${route.query} key=${'cases' + route.query} />`; break;
    case 'reports': page = html`<${Reports} me=${me} />`; break;
    case 'map': page = html`<${MapView} me=${me} />`; break;
    case 'devices': page = html`<${DeviceList} me=${me} />`; break;
    case 'device': page = html`<${DevicePage} me=${me} id=${route.arg} key=${route.arg} />`; break;
    case 'replay': page = html`<${Replay} me=${me} id=${route.arg} query=${route.query} key=${route.arg} />`; break;
    case 'episode': page = html`<${Episode} me=${me} id=${route.arg} key=${route.arg} />`; break;
    case 'audit': page = html`<${Audit} me=${me} />`; break;
    default: page = html`<${Board} me=${me} history=${false} key="board" />`;
  }
  return html`<${Header} me=${me} route=${route} onOut=${signOut} /><main>${page}</main>`;
}

setLang(getLang());
render(html`<${App} />`, document.getElementById('app'));
