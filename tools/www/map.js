/* map.js - the map page of `vpostcode serve`: the wards of Vietnam drawn
 * from /v1/boundaries.geojson, a click gives the point's Vpostcode, the
 * search box takes a code, "lat, lon" or an address, and the page's hash
 * (#11024-2RHX-FJJ) names a code. Plain ES2017 on Leaflet (global L). */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);

  const map = L.map('map', { center: [16.0, 106.0], zoom: 6, minZoom: 3, maxZoom: 19, zoomControl: false });
  L.control.zoom({ position: 'bottomright' }).addTo(map);
  L.control.scale({ position: 'bottomleft', imperial: false }).addTo(map);
  window.vpcMap = map;

  // ---- talking to the server
  // url('/v1/encode', {lat: 1}) -> '/v1/encode?lat=1'
  function url(path, params) {
    const q = Object.keys(params || {})
      .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(params[k])).join('&');
    return q ? path + '?' + q : path;
  }
  // the JSON of a GET; a failure is an Error whose message is "STATUS: message"
  // (the server's error object) and whose .body is that object
  async function getJSON(path, signal) {
    let r;
    try {
      r = await fetch(path, { signal: signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new Error('NETWORK_ERROR: the server does not answer (' + e.message + ')');
    }
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (r.status !== 200 || body === null) {
      const status = body && body.status ? body.status : 'HTTP_' + r.status;
      const message = body && body.message ? body.message : r.statusText || 'the answer is not JSON';
      const err = new Error(status + ': ' + message);
      err.body = body;
      throw err;
    }
    return body;
  }
  const isAbort = (e) => e && e.name === 'AbortError';

  // ---- the base layer: the wards of the view, reloaded on every moveend
  map.createPane('boundaries').style.zIndex = 350; // over tiles, under the selection
  const baseStyle = { color: '#7a7a7a', weight: 0.7, opacity: 0.9, fillColor: '#f4f1e8', fillOpacity: 0.85 };
  const boundaries = L.geoJSON(null, { pane: 'boundaries', interactive: false, style: () => baseStyle }).addTo(map);
  let boundariesCtl = null;
  async function loadBoundaries() {
    if (boundariesCtl) boundariesCtl.abort();
    const ctl = boundariesCtl = new AbortController();
    map.getContainer().setAttribute('aria-busy', 'true');
    const b = map.getBounds().pad(0.05);
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(5);
    const bbox = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
    try {
      const fc = await getJSON(url('/v1/boundaries.geojson', { bbox: bbox.join(','), zoom: Math.round(map.getZoom()) }),
        ctl.signal);
      if (ctl !== boundariesCtl) return; // a newer view asked since
      boundaries.clearLayers();
      boundaries.addData(fc);
      map.getContainer().dataset.boundaries = String(fc.features ? fc.features.length : 0);
    } catch (e) {
      if (!isAbort(e)) console.warn('boundaries: ' + e.message);
    }
    if (ctl === boundariesCtl) map.getContainer().setAttribute('aria-busy', 'false');
  }
  map.on('moveend', loadBoundaries);
  loadBoundaries();

  // optional online tiles, only when the server was started with --tiles
  getJSON('/v1/info').then((info) => {
    if (typeof info.tiles === 'string' && info.tiles) {
      L.tileLayer(info.tiles, { maxZoom: 19, attribution: 'Tiles: ' + new URL(info.tiles).hostname }).addTo(map);
      baseStyle.fillOpacity = 0.15;
      boundaries.setStyle(baseStyle);
    }
  }).catch((e) => console.warn('info: ' + e.message));

  // ---- the selection: one action at a time (a click, a search, the hash);
  // ---- the answers of an older action are dropped
  const selection = L.featureGroup().addTo(map);
  let action = null;
  function begin() {
    if (action) action.ctl.abort();
    action = { ctl: new AbortController() };
    return action;
  }
  const live = (a) => a === action;

  // the panel: fields left out are hidden
  function show(p) {
    $('panel').hidden = false;
    const set = (id, row, text) => { $(id).textContent = text || ''; $(row).hidden = !text; };
    $('panel-code').textContent = p.code || '';
    $('panel-code').hidden = !p.code;
    set('panel-ward', 'row-ward', p.ward);
    set('panel-province', 'row-province', p.province);
    set('panel-postal', 'row-postal', p.postal);
    set('panel-note', 'row-note', p.note);
    $('panel-note-label').textContent = p.noteLabel || '';
    $('row-link').hidden = !p.code;
    $('panel-link').setAttribute('href', p.code ? '/#' + hashOf(p.code) : '/');
    $('panel-error').textContent = p.error || '';
    $('panel-error').hidden = !p.error;
    const list = $('panel-candidates');
    list.textContent = '';
    (p.candidates || []).forEach((c) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = c.name ? c.name + ' (' + c.code + ')' : c.code;
      button.addEventListener('click', () => showWard(begin(), c.code, p.note, p.noteLabel));
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = list.childNodes.length === 0;
  }
  // an error in the panel; the hash goes unless it asked
  function showError(a, e, extra, keepHash) {
    if (!live(a) || isAbort(e)) return;
    show(Object.assign({ error: e.message }, extra || {}));
    if (!keepHash) setHash('', true);
  }
  $('panel-close').addEventListener('click', () => {
    begin();
    selection.clearLayers();
    $('panel').hidden = true;
    setHash('', true);
  });

  // "11024 2RHX+FJJ-2" -> "11024-2RHX-FJJ-2"
  const hashOf = (display) => display.replace(/[ +]/g, '-');
  let ownHash = '';
  // the hash names the selection: a new entry in the history for a click or
  // a search, the same entry when the hash itself asked (replace)
  function setHash(display, replace) {
    ownHash = display ? hashOf(display) : '';
    if (location.hash.replace(/^#/, '') === ownHash) return;
    const target = ownHash ? '#' + ownHash : location.pathname + location.search;
    if (replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
  }

  // the cell of a code and its ward, outlined; zoom: the zoom the ward is
  // simplified for
  async function outline(a, code, wardCode, zoom) {
    const [cell, ward] = await Promise.all([
      getJSON('/v1/cell/' + encodeURIComponent(code) + '.geojson', a.ctl.signal),
      wardCode ? getJSON(url('/v1/ward/' + encodeURIComponent(wardCode) + '.geojson', { zoom: zoom }), a.ctl.signal)
        : null,
    ]);
    if (!live(a)) return cell;
    selection.clearLayers();
    if (ward) {
      L.geoJSON(ward, { className: 'vpc-ward', interactive: false,
        style: { color: '#d63638', weight: 2.5, fillColor: '#d63638', fillOpacity: 0.06 } }).addTo(selection);
    }
    L.geoJSON(cell, { className: 'vpc-cell', interactive: false,
      style: { color: '#135e96', weight: 2, fillColor: '#2271b1', fillOpacity: 0.35 } }).addTo(selection);
    const p = cell.properties || {};
    if (p.lat !== undefined) {
      // the cell is a few metres: a marker keeps it visible at low zooms
      L.circleMarker([p.lat, p.lon], { className: 'vpc-point', radius: 9, weight: 1.5, color: '#135e96',
        fillOpacity: 0, interactive: false }).addTo(selection);
    }
    return cell;
  }

  // a point: its code, ward and cell
  async function encodePoint(latlng, fly) {
    const a = begin();
    selection.clearLayers();
    const lat = latlng.lat.toFixed(9), lon = latlng.lng.toFixed(9);
    if (fly) map.flyTo(latlng, Math.max(map.getZoom(), 17), { duration: 1.5 });
    L.circleMarker(latlng, { radius: 4, color: '#50575e', interactive: false }).addTo(selection);
    try {
      const r = await getJSON(url('/v1/encode', { lat: lat, lon: lon, 'check-char': 1 }), a.ctl.signal);
      if (!live(a)) return;
      show({ code: r.display, ward: r.ward, province: r.province, postal: r.postal_code });
      setHash(r.display);
      await outline(a, r.code, r.ward_code, fly ? Math.max(Math.round(map.getZoom()), 17) : Math.round(map.getZoom()));
    } catch (e) {
      showError(a, e, { note: latlng.lat.toFixed(6) + ', ' + latlng.lng.toFixed(6), noteLabel: 'Point' });
    }
  }

  // a code (current or of before 2025): its cell, fly there; jump: no
  // animation; replace: the hash asked, it is replaced, not pushed
  async function decodeCode(code, jump, replace) {
    const a = begin();
    selection.clearLayers();
    try {
      const d = await getJSON(url('/v1/decode', { code: code, 'check-char': 1 }), a.ctl.signal);
      if (!live(a)) return;
      const centre = [Number(d.lat), Number(d.lon)];
      if (jump) map.setView(centre, 18);
      else map.flyTo(centre, 18, { duration: 2 });
      const cell = await outline(a, d.current_code, d.ward_code, 18);
      if (!live(a)) return;
      const display = cell.properties && cell.properties.display ? cell.properties.display : d.current_code;
      show({ code: display, ward: d.ward, province: d.province, postal: d.postal_code,
        note: d.before_2025, noteLabel: 'Before 2025' });
      setHash(display, replace);
    } catch (e) {
      showError(a, e, { note: code, noteLabel: 'Code' }, replace);
    }
  }

  // a ward: fly to its box and outline it
  async function showWard(a, wardCode, note, noteLabel) {
    selection.clearLayers();
    try {
      const w = await getJSON('/v1/ward/' + encodeURIComponent(wardCode), a.ctl.signal);
      if (!live(a)) return;
      const bounds = L.latLngBounds([Number(w.south), Number(w.west)], [Number(w.north), Number(w.east)]);
      map.flyToBounds(bounds, { padding: [40, 40], maxZoom: 17, duration: 2 });
      show({ ward: w.ward, province: w.province, postal: w.postal_code, note: note, noteLabel: noteLabel });
      setHash('');
      const shape = await getJSON(url('/v1/ward/' + encodeURIComponent(wardCode) + '.geojson',
        { zoom: Math.min(map.getBoundsZoom(bounds), 17) }), a.ctl.signal);
      if (!live(a)) return;
      L.geoJSON(shape, { className: 'vpc-ward', interactive: false,
        style: { color: '#d63638', weight: 2.5, fillColor: '#d63638', fillOpacity: 0.08 } }).addTo(selection);
    } catch (e) {
      showError(a, e);
    }
  }

  // an address: its ward, or the wards it may name
  async function findAddress(text) {
    const a = begin();
    selection.clearLayers();
    try {
      const r = await getJSON(url('/v1/address', { q: text }), a.ctl.signal);
      if (!live(a)) return;
      await showWard(a, r.ward_code, r.formatted, 'Address');
    } catch (e) {
      const b = e.body || {};
      const codes = b.candidates ? b.candidates.split('|') : [];
      const names = b.candidate_names ? b.candidate_names.split('|') : [];
      showError(a, e, {
        // the province of an ambiguous address is only one of the candidates'
        province: b.status === 'VPC_E_ADDRESS_AMBIGUOUS' ? '' : b.province,
        note: b.before_2025, noteLabel: 'Before 2025',
        candidates: codes.map((c, i) => ({ code: c, name: names[i] })),
      });
    }
  }

  // ---- input: clicks, the search box, the hash
  map.on('click', (ev) => encodePoint(ev.latlng, false));
  map.getContainer().addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target === map.getContainer()) encodePoint(map.getCenter(), false);
  });

  const codeRe = /^[0-9]{5}[0-9A-Z]{7,12}$/i; // 12-17 characters once spaces, + and - are gone
  const latLonRe = /^\s*([-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d+(?:\.\d+)?)\s*$/;
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = $('search').value.trim();
    if (!text) return;
    const ll = latLonRe.exec(text);
    if (codeRe.test(text.replace(/[\s+-]/g, ''))) decodeCode(text, false);
    else if (ll) {
      const lat = Number(ll[1]), lon = Number(ll[2]);
      // out of range: no flight, the server's error says what is wrong
      encodePoint(L.latLng(lat, lon), Math.abs(lat) <= 90 && Math.abs(lon) <= 180);
    }
    else findAddress(text);
  });

  function fromHash(jump) {
    let h = location.hash.replace(/^#/, '');
    try { h = decodeURIComponent(h); } catch (e) { /* keep it as it is */ }
    if (h === ownHash) return; // the page set it
    ownHash = h;
    if (h) decodeCode(h, jump, true);
  }
  window.addEventListener('hashchange', () => fromHash(false));
  fromHash(true);
})();
