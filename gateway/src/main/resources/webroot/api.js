// The gateway's HTTP API as the console uses it: the session cookie goes with every request,
// state-changing requests carry the session's CSRF token, and a 401 sends the user back to log-in.
let csrf = null;
let onUnauthorized = () => {};

export function setCsrf(token) {
  csrf = token;
}

export function whenUnauthorized(f) {
  onUnauthorized = f;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || 'HTTP ' + status);
    this.status = status;
    this.body = body;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = { error: text };
  }
  if (r.status === 401 && !path.endsWith('/login') && !path.endsWith('/me')) onUnauthorized();
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);

/** Query string of the non-empty entries of an object. */
export function qs(o) {
  const p = new URLSearchParams();
  Object.entries(o).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  });
  const s = p.toString();
  return s ? '?' + s : '';
}

export const me = () => get('/api/v1/me');
export const login = (user, password) => post('/api/v1/login', { user, password });
export const logout = () => post('/api/v1/logout');
export const alerts = (filter) => get('/api/alerts' + qs(filter));
export const alert = (id) => get('/api/alerts/' + encodeURIComponent(id));
export const acknowledge = (id, comment) => post('/api/alerts/' + encodeURIComponent(id) + '/ack', { comment });
export const devices = (filter) => get('/api/v1/devices' + qs({ ...filter, time_format: 'ms' }));
export const series = (id, q) => get('/api/v1/devices/' + encodeURIComponent(id) + '/series' + qs({ ...q, time_format: 'ms' }));
export const track = (id, q) => get('/api/v1/devices/' + encodeURIComponent(id) + '/track' + qs({ ...q, time_format: 'ms' }));
export const events = (id, q) => get('/api/v1/devices/' + encodeURIComponent(id) + '/events' + qs({ ...q, time_format: 'ms' }));
export const episode = (id) => get('/api/v1/alerts/' + encodeURIComponent(id) + '/episode' + qs({ time_format: 'ms' }));
export const cases = (q) => get('/api/v1/cases' + qs(q));
export const caseOf = (id) => get('/api/v1/cases/' + encodeURIComponent(id));
export const transition = (id, to, comment) => post('/api/v1/cases/' + encodeURIComponent(id) + '/transitions', { to, comment });
export const report = (kind, q) => get('/api/v1/reports/' + kind + qs({ ...q, time_format: 'ms' }));
export const reportUrl = (kind, q) => '/api/v1/reports/' + kind + qs(q);
export const zones = () => get('/api/v1/zones');
export const settings = () => get('/api/v1/console/settings');
export const districts = () => get('/geo/wuhai-districts.geojson');
export const exportUrl = (q) => '/api/v1/export.csv' + qs(q);

/** The live alert stream (SSE) with the board's filters; the server sends only the caller's alerts. */
export function stream(filter, onEvent, onState) {
  const es = new EventSource('/api/alerts/stream' + qs(filter), { withCredentials: true });
  es.onmessage = (m) => {
    try {
      onEvent(JSON.parse(m.data));
    } catch (e) {
      /* a malformed event is skipped */
    }
  };
  es.onopen = () => onState && onState(true);
  es.onerror = () => onState && onState(false);
  return () => es.close();
}
