// Map: Wuhai and its three districts from a GeoJSON file shipped with Vigil (no tile server needed),
// the zones the geofence rules use, fixed devices at their sites and vehicles at their latest
// positions, each coloured by its worst open alert. Clicking one opens its device page. Where the
// gateway is configured with a tile server (http.map_tile_url), its tiles go under the outlines.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as L from 'leaflet';
import * as api from './api.js';
import { t, name, label, when } from './i18n.js';
import { html, href, go, LevelBadge } from './ui.js';

export const LEVEL_COLOUR = { red: '#e60012', orange: '#ff7f00', yellow: '#f5c400', blue: '#1e6fd9' };
const RANK = { red: 4, orange: 3, yellow: 2, blue: 1 };
const ZONE_STYLE = {
  restricted: { color: '#b00020', weight: 2, fillOpacity: 0.12, dashArray: '4 4' },
  authorised: { color: '#1b7f3b', weight: 2, fillOpacity: 0.12 },
  corridor: { color: '#6a5acd', weight: 3, opacity: 0.7 },
};

export function worst(alerts) {
  let w = null;
  (alerts || []).forEach((a) => {
    const lv = typeof a === 'string' ? a : a.level;
    if (!w || RANK[lv] > RANK[w]) w = lv;
  });
  return w;
}

/** A Leaflet map with the district outlines and zones drawn; resolves to the map. */
export async function baseMap(el) {
  const map = L.map(el, { preferCanvas: true, attributionControl: false }).setView([39.6, 106.85], 10);
  const [d, s] = await Promise.all([api.districts(), api.settings().catch(() => ({ map: {} }))]);
  const tiles = s.map && s.map.tile_url;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: s.map.tile_attribution || '' }).addTo(map);
    if (s.map.tile_attribution) L.control.attribution({ prefix: false }).addTo(map);
    el.dataset.tiles = tiles;
  }
  const outline = L.geoJSON(d, {
    style: () => ({ color: '#555', weight: 1.5, fillColor: '#f4f1e8', fillOpacity: tiles ? 0.15 : 0.6 }),
    onEachFeature: (f, layer) => layer.bindTooltip(label({ zh: f.properties.name_zh, en: f.properties.name_en }),
      { permanent: true, direction: 'center', className: 'district-label' }),
  }).addTo(map);
  map.fitBounds(outline.getBounds());
  try {
    const z = await api.zones();
    L.geoJSON(z, {
      style: (f) => ZONE_STYLE[f.properties.kind] || {},
      pointToLayer: (f, ll) => L.circle(ll, { radius: f.properties.radius_m || 300, ...(ZONE_STYLE[f.properties.kind] || {}) }),
      onEachFeature: (f, layer) => layer.bindTooltip(label({ zh: f.properties.name_zh, en: f.properties.name_en }, f.properties.id)),
    }).addTo(map);
  } catch (e) {
    /* a map without zones is still a map */
  }
  return map;
}

export function MapView() {
  const el = useRef(null);
  const [devs, setDevs] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    let map = null;
    let layer = null;
    let timer = null;
    let stopped = false;
    async function refresh() {
      try {
        const d = await api.devices({});
        setDevs(d.devices);
        const vehicles = d.devices.filter((x) => x.profile === 'hazmat-vehicle' && x.state !== 'never');
        const now = Date.now();
        const pos = await Promise.all(vehicles.map((v) => api.track(v.id, { from: now - 6 * 3600_000, to: now, max_points: 10 })
          .then((tr) => (tr.ts && tr.ts.length ? { v, lat: tr.lat[tr.lat.length - 1], lon: tr.lon[tr.lon.length - 1],
            speed: tr.speed[tr.speed.length - 1], ts: tr.ts[tr.ts.length - 1] } : null)).catch(() => null)));
        if (stopped) return;
        if (layer) layer.remove();
        const sites = d.devices.filter((x) => x.site);
        const siteMarkers = sites.map((x) => {
          const w = worst(x.alerts);
          return L.circleMarker([x.site.lat, x.site.lon], { radius: 6, weight: 1.5, color: '#222', fillOpacity: 0.85,
            fillColor: w ? LEVEL_COLOUR[w] : (x.state === 'online' ? '#2e8b57' : '#9e9e9e') })
            .bindTooltip(x.id + ' · ' + name(x.profile) + (x.site.address ? ' · ' + x.site.address : '') + ' · ' + t(x.state))
            .on('click', () => go('device', x.id));
        });
        layer = L.layerGroup(siteMarkers.concat(pos.filter(Boolean).map((p) => {
          const w = worst(p.v.alerts);
          return L.circleMarker([p.lat, p.lon], { radius: 8, weight: 2, color: '#222', fillOpacity: 0.9,
            fillColor: w ? LEVEL_COLOUR[w] : '#2e8b57', className: 'vehicle-marker' })
            .bindTooltip(p.v.id + ' · ' + (p.speed == null ? '' : p.speed + ' km/h') + ' · ' + when(p.ts))
            .on('click', () => go('device', p.v.id));
        }))).addTo(map);
        el.current.dataset.vehicles = String(pos.filter(Boolean).length);
        el.current.dataset.sites = sites.map((x) => x.id + ':' + (worst(x.alerts) || x.state)).sort().join(' ');
      } catch (e) {
        setError(e.message);
      }
    }
    baseMap(el.current).then((m) => {
      map = m;
      refresh();
      timer = setInterval(refresh, 10_000);
    }).catch((e) => setError(e.message));
    return () => {
      stopped = true;
      clearInterval(timer);
      if (map) map.remove();
    };
  }, []);
  const others = devs.filter((x) => x.profile !== 'hazmat-vehicle');
  return html`<section class="map-page">
    ${error && html`<p class="error">${error}</p>`}
    <div class="map" id="map" ref=${el}></div>
    <aside class="sites"><h3>${t('devices')}</h3><ul>
      ${others.map((x) => {
        const w = worst(x.alerts);
        return html`<li class=${'site ' + (w ? 'level-' + w : 'ok')}><a href=${href('device', x.id)}>${x.id}</a>
          <small>${name(x.profile)} · ${name(x.region)}</small> ${w && html`<${LevelBadge} level=${w} />`}</li>`;
      })}
    </ul></aside>
  </section>`;
}
