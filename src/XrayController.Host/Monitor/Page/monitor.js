// The XrayController monitor page: one EventSource (/api/monitor/events, four updates a second) drives everything;
// images arrive as base64 float32 and are drawn here, so window and level change without asking the server.
'use strict';

const monitor = {
  updates: 0, gaps: 0, lastN: -1, renders: 0,
  latenciesMs: [], maxLatencies: 2000,
  scanId: null, state: null,
  images: {},
  slices: null,
  sliceSignatures: [],
};
window.monitor = monitor;

const $ = id => document.getElementById(id);

function decode(image) {
  const bytes = Uint8Array.from(atob(image.data), c => c.charCodeAt(0));
  return { rows: image.rows, columns: image.columns, bin: image.bin, values: new Float32Array(bytes.buffer) };
}

function autoWindow(values) {
  const step = Math.max(1, Math.floor(values.length / 4096));
  const sample = [];
  for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i])) sample.push(values[i]);
  if (sample.length === 0) return [0, 1];
  sample.sort((a, b) => a - b);
  const lo = sample[Math.floor(sample.length * 0.01)];
  const hi = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))];
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

function sliceWindow(values) {
  if ($('auto-window').checked) {
    const [lo, hi] = autoWindow(values);
    $('level').value = ((lo + hi) / 2).toPrecision(4);
    $('width').value = (hi - lo).toPrecision(4);
    return [lo, hi];
  }
  const level = Number($('level').value);
  const width = Math.max(Number($('width').value), 1e-12);
  return [level - width / 2, level + width / 2];
}

function draw(canvasId, image, window) {
  const canvas = $(canvasId);
  const [lo, hi] = window || autoWindow(image.values);
  canvas.width = image.columns;
  canvas.height = image.rows;
  const context = canvas.getContext('2d');
  const pixels = context.createImageData(image.columns, image.rows);
  const scale = 255 / (hi - lo);
  for (let i = 0; i < image.values.length; i++) {
    const v = Math.max(0, Math.min(255, (image.values[i] - lo) * scale));
    pixels.data[4 * i] = pixels.data[4 * i + 1] = pixels.data[4 * i + 2] = v;
    pixels.data[4 * i + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  monitor.images[canvasId] = image;
}

function drawSlices() {
  const s = monitor.slices;
  if (!s) return;
  const window = sliceWindow(s.axial.values);
  draw('axial', s.axial, window);
  for (const [id, image] of [['at-y', s.atY], ['at-x', s.atX]]) {
    if (image) {
      draw(id, image, window);
    } else {
      $(id).getContext('2d').clearRect(0, 0, $(id).width, $(id).height);
      delete monitor.images[id];
    }
    $(`${id}-caption`).textContent = image ? `${id === 'at-y' ? 'at y (click: z, x)' : 'at x (click: z, y)'}` : 'live: axial slice only for scans at several energies';
  }
}

function clock(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function showScan(scan) {
  if (!scan) return;
  monitor.scanId = scan.id;
  monitor.state = scan.state;
  $('scan-name').textContent = scan.name;
  $('scan-state').textContent = scan.hold ? `${scan.state} (${scan.hold})` : scan.finishing ? `${scan.state}, after the scan: ${scan.stage || 'finishing'}` : scan.state;
  $('progress-fill').style.width = `${scan.percent}%`;
  $('percent').textContent = `${scan.percent.toFixed(1)} %`;
  $('frames').textContent = `${scan.frames_done} / ${scan.frames_total}`;
  $('elapsed').textContent = clock(scan.elapsed_s);
  $('remaining').textContent = clock(scan.remaining_s) + (scan.remaining_measured || scan.remaining_s === 0 ? '' : ' (estimate)');
  $('rate').textContent = `${scan.rate_fps.toFixed(1)} frames/s`;
  $('dropped').textContent = `${scan.dropped} (gaps ${scan.transport_gaps}, ring ${scan.preview_drops})`;
  $('ring').textContent = scan.ring_capacity ? `${scan.ring_waiting} / ${scan.ring_capacity}` : '—';
  $('reconstructed').textContent = `${scan.reconstructed} of ${scan.received} received, ${scan.published} published`;
  $('reason').textContent = scan.reason || '';
  const live = ['running', 'pausing', 'paused', 'resuming', 'starting'].includes(scan.state);
  $('pause').disabled = !live || scan.state === 'paused';
  $('resume').disabled = scan.state !== 'paused';
  $('abort').disabled = !live;
}

// A key's unit from its ending, and the decimals its readings are worth.
// A digits count below zero means that many significant digits (a beam monitor's current spans decades).
const units = [['_deg', '°', 3], ['_mm', 'mm', 4], ['_ev', 'eV', 2], ['_ma', 'mA', 2], ['_a', 'A', -3], ['_c', '°C', 2], ['_s', 's', 3], ['_px', 'px', 2]];

function reading(key, value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return value.error ? `error: ${value.error}` : JSON.stringify(value);
  if (typeof value !== 'number') return String(value);
  const unit = units.find(([suffix]) => key.endsWith(suffix));
  if (!unit) return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  return `${unit[2] < 0 ? value.toPrecision(-unit[2]) : value.toFixed(unit[2])} ${unit[1]}`;
}

function label(key) {
  const unit = units.find(([suffix]) => key.endsWith(suffix));
  return (unit ? key.slice(0, -unit[0].length) : key).replaceAll('_', ' ');
}

// The devices' read-backs; once the instrument is disconnected they are the last ones read, greyed and marked as such.
function showDevices(devices) {
  const rows = [];
  const stale = devices && devices.connected === false;
  const when = devices && devices.read_at ? `${devices.read_at.slice(11, 19)} UTC` : null;
  const add = (name, value, old) => rows.push(`<tr${old ? ' class="stale"' : ''}><td>${name}</td><td>${value}</td></tr>`);
  if (devices && 'connected' in devices) {
    add('instrument', devices.connected ? `connected${when ? `, read ${when}` : ''}` : `disconnected: the readings below are from ${when || 'before'}, not current`, false);
  }
  for (const [key, value] of Object.entries(devices || {})) {
    if (['frame', 'axes_mm', 'connected', 'read_at'].includes(key)) continue;
    add(label(key), reading(key, value), stale);
  }
  for (const [axis, value] of Object.entries((devices || {}).axes_mm || {})) add(`axis ${axis}`, reading('_mm', value), stale);
  for (const [key, value] of Object.entries((devices || {}).frame || {})) add(`last frame: ${label(key)}`, reading(key, value), false);
  $('devices').tBodies[0].innerHTML = rows.join('');
}

function showQueue(queue) {
  const body = $('queue').tBodies[0];
  body.innerHTML = '';
  for (const scan of queue || []) {
    const row = body.insertRow();
    row.dataset.id = scan.id;
    row.insertCell().textContent = `${scan.name} (${scan.id})`;
    row.insertCell().textContent = scan.state;
    row.insertCell().textContent = scan.frames_planned ? `${scan.frames_acquired} / ${scan.frames_planned}` : '';
    const report = row.insertCell();
    if (scan.report) report.append(outputLink(scan, scan.report, 'report'));
    const actions = row.insertCell();
    if (scan.state === 'queued') {
      const up = document.createElement('button');
      up.textContent = '↑';
      up.title = 'run earlier';
      up.onclick = () => post(`/api/scans/${scan.id}/move`, { position: 0 });
      const cancel = document.createElement('button');
      cancel.textContent = '✕';
      cancel.title = 'cancel';
      cancel.onclick = () => fetch(`/api/scans/${scan.id}`, { method: 'DELETE' });
      actions.append(up, cancel);
    }
  }
}

function plotSpectrum(spectrum) {
  const canvas = $('spectrum');
  const context = canvas.getContext('2d');
  context.fillStyle = '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
  const points = spectrum.energies_ev.map((e, i) => [e, spectrum.values[i]]).filter(p => p[0] !== null && p[1] !== null);
  if (points.length === 0) return;
  const [e0, e1] = [Math.min(...points.map(p => p[0])), Math.max(...points.map(p => p[0]))];
  const [v0, v1] = [Math.min(...points.map(p => p[1])), Math.max(...points.map(p => p[1]))];
  const [left, bottom] = [52, canvas.height - 34];
  const x = e => left + (canvas.width - left - 10) * (e1 > e0 ? (e - e0) / (e1 - e0) : 0.5);
  const y = v => bottom - (bottom - 10) * (v1 > v0 ? (v - v0) / (v1 - v0) : 0.5);
  context.strokeStyle = '#888';
  context.beginPath();
  context.moveTo(left, 10);
  context.lineTo(left, bottom);
  context.lineTo(canvas.width - 10, bottom);
  context.stroke();
  context.strokeStyle = '#6cf';
  context.beginPath();
  points.forEach((p, i) => (i === 0 ? context.moveTo(x(p[0]), y(p[1])) : context.lineTo(x(p[0]), y(p[1]))));
  context.stroke();
  context.fillStyle = '#aaa';
  context.textAlign = 'right';
  context.fillText(v1.toPrecision(3), left - 4, 14);
  context.fillText(v0.toPrecision(3), left - 4, bottom);
  context.textAlign = 'center';
  context.fillText(`${e0.toFixed(1)}`, left, bottom + 12);
  context.fillText(`${e1.toFixed(1)}`, canvas.width - 24, bottom + 12);
  context.fillText('energy (eV)', (left + canvas.width) / 2, canvas.height - 6);
  context.save();
  context.translate(10, bottom / 2);
  context.rotate(-Math.PI / 2);
  context.fillText('mean attenuation (1/mm)', 0, 0);
  context.restore();
  context.textAlign = 'left';
  $('spectrum-info').textContent = `${points.length} energies` + (spectrum.region ? `, region ${spectrum.region.join(', ')}` : ', the sample') +
    (spectrum.edge_map_note ? `; ${spectrum.edge_map_note}` : '');
}

// Each live slab worker's latest axial slice, top rows first, under the worker's rows and host.
function showWorkers(workers) {
  const list = $('workers');
  const ids = new Set((workers || []).map(w => `worker-${w.id}`));
  for (const figure of [...list.children]) if (!ids.has(figure.id)) figure.remove();
  $('workers-info').textContent = workers && workers.length
    ? `${workers.length} worker${workers.length === 1 ? '' : 's'}, rows ${workers.map(w => `${w.first_row}:${w.end_row}`).join(', ')}`
    : 'none: start xrayctl live --rows A:B --announce with this page\'s address';
  for (const worker of workers || []) {
    let figure = $(`worker-${worker.id}`);
    if (!figure) {
      figure = document.createElement('figure');
      figure.id = `worker-${worker.id}`;
      figure.innerHTML = `<canvas id="worker-${worker.id}-axial" width="128" height="128"></canvas><figcaption></figcaption>`;
      list.appendChild(figure);
    }
    figure.querySelector('figcaption').textContent =
      `rows ${worker.first_row}:${worker.end_row} on ${worker.host}` + (worker.projections !== null && worker.projections !== undefined ? `, ${worker.projections} projections, slice ${worker.z}` : ', waiting');
    if (worker.axial) draw(`worker-${worker.id}-axial`, decode(worker.axial));
  }
}

// A scan's output as the service serves it: named from the scan file's folder.
function outputUrl(scan, path) {
  const folder = scan.raw_file.slice(0, scan.raw_file.lastIndexOf('/') + 1);
  return `/api/scans/${scan.id}/outputs/${path.slice(folder.length).split('/').map(encodeURIComponent).join('/')}`;
}

function outputLink(scan, path, text) {
  const link = document.createElement('a');
  link.href = outputUrl(scan, path);
  link.target = '_blank';
  link.textContent = text;
  return link;
}

// The shown scan's report, its figures and its files, once the service has them (drawn again only when they change).
function showResults(scan, queue) {
  const entry = scan ? (queue || []).find(s => s.id === scan.id) : null;
  const box = $('results');
  const key = entry && entry.report ? `${entry.id} ${entry.outputs.length}` : '';
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  if (!key) {
    box.textContent = 'the report, figures and files appear here once the scan and the work after it are done';
    return;
  }
  box.textContent = '';
  const report = outputLink(entry, entry.report, `report of ${entry.name}`);
  report.id = 'report-link';
  box.append(report);
  const figures = document.createElement('div');
  figures.className = 'figures';
  for (const png of entry.outputs.filter(o => o.endsWith('.png'))) {
    const link = outputLink(entry, png, '');
    const image = document.createElement('img');
    image.src = link.href;
    image.alt = png.slice(png.lastIndexOf('/') + 1);
    image.title = png.slice(entry.raw_file.lastIndexOf('/') + 1);
    link.append(image);
    figures.append(link);
  }
  const files = document.createElement('ul');
  const isFile = path => /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1));
  for (const output of entry.outputs.filter(o => isFile(o) && !o.endsWith('.png') && !o.endsWith('.svg'))) {
    const item = document.createElement('li');
    item.append(outputLink(entry, output, output.slice(entry.raw_file.lastIndexOf('/') + 1)));
    files.append(item);
  }
  box.append(figures, files);
}

function onUpdate(update) {
  monitor.updates++;
  if (monitor.lastN >= 0 && update.n !== monitor.lastN + 1) monitor.gaps++;
  monitor.lastN = update.n;
  $('update-info').textContent = `update ${update.n}, ${monitor.gaps} missed`;
  showQueue(update.queue);
  showScan(update.scan);
  showResults(update.scan, update.queue);
  showDevices(update.devices);
  showWorkers(update.workers);
  if (update.projection) {
    draw('projection', decode(update.projection));
    $('projection-info').textContent = `latest frame: ${update.projection.kind} ${update.projection.seq} (click: sinogram row)`;
  }
  if (update.sinogram) {
    draw('sinogram', decode(update.sinogram));
    $('sinogram-info').textContent = `sinogram of row ${update.sinogram.row}, ${update.sinogram.rows} angles`;
  }
  if (update.spectrum) plotSpectrum(update.spectrum);
  if (update.slices) {
    const s = update.slices;
    monitor.slices = {
      meta: s, axial: decode(s.axial),
      atY: s.at_y ? decode(s.at_y) : null, atX: s.at_x ? decode(s.at_x) : null,
    };
    $('slice-info').textContent = s.source === 'file'
      ? `from the reconstruction file${s.energy_ev ? ` at ${s.energy_ev.toFixed(1)} eV` : ''}, z ${s.z}, y ${s.y}, x ${s.x}`
      : (s.energy_ev ? `live, slice ${s.z} at ${s.energy_ev.toFixed(1)} eV` : `live, ${s.projections} projections, z ${s.z}, y ${s.y}, x ${s.x}`);
    drawSlices();
    const leftMs = s.frame_left_ms;
    requestAnimationFrame(() => {
      monitor.renders++;
      const a = monitor.slices.axial.values;
      let signature = 0;
      for (let i = 0; i < a.length; i += 7) signature += a[i] * ((i % 13) + 1);
      monitor.sliceSignatures.push({ source: s.source, projections: s.projections, signature });
      if (monitor.sliceSignatures.length > 500) monitor.sliceSignatures.shift();
      if (leftMs !== null && leftMs !== undefined && s.source === 'live') {
        monitor.latenciesMs.push(performance.timeOrigin + performance.now() - leftMs);
        if (monitor.latenciesMs.length > monitor.maxLatencies) monitor.latenciesMs.shift();
      }
    });
  }
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ title: response.statusText }));
    $('reason').textContent = problem.title;
  }
  return response;
}

async function submit() {
  $('submit-errors').innerHTML = '';
  const text = $('plan').value;
  const json = text.trimStart().startsWith('{');
  const response = await fetch('/api/scans', { method: 'POST', headers: { 'Content-Type': json ? 'application/json' : 'application/yaml' }, body: text });
  const result = await response.json();
  if (response.status === 201) {
    $('submit-result').textContent = `queued ${result.name} as ${result.id}`;
    return;
  }
  $('submit-result').textContent = result.title || response.statusText;
  for (const error of result.errors || []) {
    const item = document.createElement('li');
    item.textContent = `line ${error.line}, column ${error.column}, ${error.field}: ${error.message}`;
    $('submit-errors').append(item);
  }
}

function clickAt(canvasId, event) {
  const image = monitor.images[canvasId];
  const box = event.target.getBoundingClientRect();
  const column = Math.floor((event.clientX - box.left) / box.width * image.columns) * image.bin;
  const row = Math.floor((event.clientY - box.top) / box.height * image.rows) * image.bin;
  return [row, column];
}

function moveSlices(canvasId, event) {
  const s = monitor.slices && monitor.slices.meta;
  if (!s || !monitor.images[canvasId]) return;
  const [row, column] = clickAt(canvasId, event);
  if (s.energy_ev) {
    const half = 4;
    post('/api/monitor/spectrum', { x0: Math.max(0, column - half), y0: Math.max(0, row - half), x1: Math.min(s.size, column + half), y1: Math.min(s.size, row + half) });
    return;
  }
  const at = canvasId === 'axial' ? { z: s.z, y: row, x: column }
    : canvasId === 'at-y' ? { z: row, y: s.y, x: column }
    : { z: row, y: column, x: s.x };
  post('/api/monitor/slices', at);
}

$('submit').onclick = submit;
$('plan-file').onchange = async () => { $('plan').value = await $('plan-file').files[0].text(); };
$('pause').onclick = () => post(`/api/scans/${monitor.scanId}/pause`);
$('resume').onclick = () => post(`/api/scans/${monitor.scanId}/resume`);
$('abort').onclick = () => post(`/api/scans/${monitor.scanId}/abort`);
for (const id of ['axial', 'at-y', 'at-x']) $(id).onclick = event => moveSlices(id, event);
$('projection').onclick = event => {
  if (monitor.images.projection) post('/api/monitor/sinogram', { row: clickAt('projection', event)[0] });
};
$('auto-window').oninput = drawSlices;
for (const id of ['level', 'width']) $(id).oninput = () => { $('auto-window').checked = false; drawSlices(); };

const events = new EventSource('/api/monitor/events');
events.addEventListener('update', message => onUpdate(JSON.parse(message.data)));
events.onopen = () => { $('connection').textContent = 'connected'; $('connection').className = 'good'; };
events.onerror = () => { $('connection').textContent = 'reconnecting…'; $('connection').className = 'bad'; monitor.lastN = -1; };
