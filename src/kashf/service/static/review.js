// kashf review page. Every piece of user or model text goes into the page through
// textContent / value / title (never innerHTML), so input is always shown, never run.
"use strict";

// ACLED's event types and sub-types, spelled as ACLED spells them.
const ACLED_TYPES = {
  "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  "Riots": ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other"],
};
// Suggestions for the actor fields; the reviewer may type any name.
const KNOWN_ACTORS = [
  "Military Forces of Syria", "SDF: Syrian Democratic Forces", "Islamic State (Syria)",
  "Unidentified Armed Group (Syria)", "Civilians (Syria)", "Protesters (Syria)",
  "HTS: Hayat Tahrir al Sham", "Military Forces of Russia", "Military Forces of Turkey",
  "Syrian National Army",
];
const SVG_NS = "http://www.w3.org/2000/svg";
const MAP_WIDTH = 600;
// Characters that are invisible on screen: shown by code point in the edit details.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

const state = { raw: "", restoration: null, records: [], selected: -1, reports: [], report: null,
  merged: [], mergedSelected: -1 };
let projection = null;

const $ = (id) => document.getElementById(id);

function setStatus(message, isError) {
  const el = $("status");
  el.textContent = message;
  el.classList.toggle("error", Boolean(isError));
}

function visibleChars(text) {
  // "ق ـ . و" with invisible characters written as U+XXXX, so a reviewer sees what was there.
  return Array.from(text).map((ch) => (INVISIBLE.test(ch) || ch.trim() === ""
    ? "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : ch)).join(" ");
}

// ---- link to the original post ---------------------------------------------------------------

function safeUrl(value) {
  // Only web links are followed: a report's url comes from its input and could be anything.
  if (typeof value !== "string" || !value.trim()) return null;
  try {
    const u = new URL(value.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch (_) {
    return null;
  }
}

function renderSourceLink() {
  // The selected event's post, else the loaded report's (when its text is the one analysed).
  let el = $("source-link");
  if (!el) {
    el = document.createElement("p");
    el.id = "source-link";
    $("status").after(el);
  }
  const rec = state.records[state.selected] || state.records[0] || {};
  const rep = state.report && state.report.text === state.raw ? state.report : {};
  const url = safeUrl(rec.url) || safeUrl(rep.url);
  const source = rec.source || rep.source;
  el.replaceChildren();
  el.hidden = !url;
  if (!url) return;
  el.appendChild(document.createTextNode("المنشور الأصلي: "));
  const a = document.createElement("a");
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.dir = "ltr";
  a.textContent = source ? `${source} — ${url}` : url;
  el.appendChild(a);
}

// ---- restored text with edits and evidence -------------------------------------------------

function evidenceOf(i) {
  const r = state.records[i];
  if (!r) return null;
  const ev = r.evidence || {};
  const start = ev.start ?? r.evidence_start, end = ev.end ?? r.evidence_end;
  return Number.isInteger(start) && Number.isInteger(end) && end > start ? [start, end] : null;
}

function appendRaw(parent, from, to, ev) {
  // Raw (unchanged) characters [from, to), the part inside the evidence span marked.
  const raw = state.raw;
  const cuts = [from, to];
  if (ev) { cuts.push(Math.min(Math.max(ev[0], from), to), Math.min(Math.max(ev[1], from), to)); }
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    if (b <= a) continue;
    const piece = raw.slice(a, b);
    if (ev && a >= ev[0] && b <= ev[1]) {
      const span = document.createElement("span");
      span.className = "evidence";
      span.textContent = piece;
      parent.appendChild(span);
    } else {
      parent.appendChild(document.createTextNode(piece));
    }
  }
}

function renderText() {
  const box = $("restored");
  box.replaceChildren();
  const rest = state.restoration;
  if (!rest) return;
  const ev = evidenceOf(state.selected);
  const edits = [...rest.edits].sort((a, b) => a.start - b.start);
  let pos = 0;
  edits.forEach((e, n) => {
    appendRaw(box, pos, e.start, ev);
    const mark = document.createElement("mark");
    mark.className = "edit" + (e.replacement === "" ? " del" : "");
    if (ev && e.start < ev[1] && e.end > ev[0]) mark.classList.add("evidence");
    mark.textContent = e.replacement;
    mark.title = `${e.original} → ${e.replacement || "(حُذف)"} · ${e.technique}`;
    mark.tabIndex = 0;
    mark.dataset.edit = String(n);
    mark.dataset.technique = e.technique;
    box.appendChild(mark);
    pos = e.end;
  });
  appendRaw(box, pos, state.raw.length, ev);
  $("edit-count").textContent = `(${edits.length} تعديل)`;
  const first = box.querySelector(".evidence");
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "nearest" });
}

function showEdit(target) {
  const mark = target.closest ? target.closest("mark.edit") : null;
  if (!mark || !state.restoration) return;
  const edits = [...state.restoration.edits].sort((a, b) => a.start - b.start);
  const e = edits[Number(mark.dataset.edit)];
  const info = $("edit-info");
  info.replaceChildren();
  const parts = [["الأصل: ", visibleChars(e.original)], [" ← ", e.replacement || "(حُذف)"],
    [" · التقنية: ", e.technique], [" · الموضع: ", `${e.start}–${e.end}`]];
  for (const [label, value] of parts) {
    info.appendChild(document.createTextNode(label));
    const code = document.createElement("code");
    code.textContent = value;
    info.appendChild(code);
  }
  info.hidden = false;
}

// ---- events table ---------------------------------------------------------------------------

function cellText(tr, text) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  tr.appendChild(td);
  return td;
}

function markEdited(el, i) {
  el.classList.add("edited");
  state.records[i].reviewed = true;
}

function optionsFor(select, values, current) {
  select.replaceChildren();
  const all = values.includes(current) || current == null || current === "" ? values : [current, ...values];
  for (const v of all) {
    const opt = document.createElement("option");
    opt.value = v;
    opt.textContent = v;
    select.appendChild(opt);
  }
  if (current != null) select.value = current;
}

function cellInput(tr, i, field, type) {
  const td = document.createElement("td");
  const input = document.createElement("input");
  input.type = type || "text";
  input.dataset.field = field;
  const value = state.records[i][field];
  input.value = value == null ? "" : String(value);
  if (field.startsWith("actor")) input.setAttribute("list", "actor-list");
  if (type === "number") input.min = "0";
  input.addEventListener("change", () => {
    const rec = state.records[i];
    if (type === "number") {
      const n = Number.parseInt(input.value, 10);
      rec[field] = Number.isFinite(n) && n >= 0 ? n : 0;
      input.value = String(rec[field]);
      drawEvents();
    } else {
      rec[field] = input.value.trim() === "" ? null : input.value.trim();
    }
    markEdited(input, i);
  });
  td.appendChild(input);
  tr.appendChild(td);
}

function renderTable() {
  const body = document.querySelector("#events tbody");
  body.replaceChildren();
  state.records.forEach((r, i) => {
    const tr = document.createElement("tr");
    tr.dataset.index = String(i);
    cellText(tr, i + 1);
    // type and sub-type: choices from ACLED's list
    const typeTd = document.createElement("td");
    const typeSel = document.createElement("select");
    typeSel.dataset.field = "event_type";
    optionsFor(typeSel, Object.keys(ACLED_TYPES), r.event_type);
    typeTd.appendChild(typeSel);
    tr.appendChild(typeTd);
    const subTd = document.createElement("td");
    const subSel = document.createElement("select");
    subSel.dataset.field = "sub_event_type";
    optionsFor(subSel, ACLED_TYPES[r.event_type] || [], r.sub_event_type);
    subTd.appendChild(subSel);
    tr.appendChild(subTd);
    typeSel.addEventListener("change", () => {
      r.event_type = typeSel.value;
      const subs = ACLED_TYPES[r.event_type] || [];
      r.sub_event_type = subs[0] || null;
      optionsFor(subSel, subs, r.sub_event_type);
      markEdited(typeSel, i);
      markEdited(subSel, i);
    });
    subSel.addEventListener("change", () => { r.sub_event_type = subSel.value; markEdited(subSel, i); });
    cellInput(tr, i, "actor1");
    cellInput(tr, i, "actor2");
    cellInput(tr, i, "location");
    cellText(tr, r.admin1);
    cellInput(tr, i, "fatalities", "number");
    cellText(tr, r.event_date);
    cellText(tr, typeof r.confidence === "number" ? r.confidence.toFixed(2) : r.confidence);
    tr.addEventListener("click", (ev) => {
      if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) {
        if (state.selected === i) return;
      }
      select(i);
    });
    body.appendChild(tr);
  });
  $("event-count").textContent = `(${state.records.length})`;
  const any = state.records.length > 0;
  $("download-csv").disabled = !any;
  $("download-geojson").disabled = !any;
  const names = new Set(KNOWN_ACTORS);
  state.records.forEach((r) => { for (const a of [r.actor1, r.actor2]) if (a) names.add(a); });
  const list = $("actor-list");
  list.replaceChildren();
  for (const a of names) {
    const opt = document.createElement("option");
    opt.value = a;
    list.appendChild(opt);
  }
}

function select(i) {
  state.selected = i;
  document.querySelectorAll("#events tbody tr").forEach((tr) => {
    tr.classList.toggle("selected", Number(tr.dataset.index) === i);
  });
  document.querySelectorAll("#map circle.event").forEach((c) => {
    c.classList.toggle("selected", Number(c.dataset.index) === i);
  });
  const sel = document.querySelector("#map circle.event.selected");
  if (sel) sel.parentNode.appendChild(sel); // on top of the other points
  renderText();
  renderSourceLink();
  renderWhy();
}

// The rule behind each field of the selected event (record.why: field -> rule name), for a
// person to read why kashf coded it so. Text only, never HTML.
function renderWhy() {
  const box = document.getElementById("why");
  const body = document.querySelector("#why-table tbody");
  const rec = state.records[state.selected];
  let why = rec ? rec.why : null;
  if (typeof why === "string") {
    try { why = JSON.parse(why); } catch { why = null; }
  }
  body.replaceChildren();
  if (!why || typeof why !== "object" || !Object.keys(why).length) {
    box.hidden = true;
    return;
  }
  for (const [field, rule] of Object.entries(why)) {
    const tr = document.createElement("tr");
    for (const text of [field, String(rec[field] ?? ""), String(rule)]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  box.hidden = false;
}

// ---- map ------------------------------------------------------------------------------------

function makeProjection(features) {
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  forEachPoint(features, ([lon, lat]) => {
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  });
  // Equirectangular, x shrunk by cos(latitude): right shapes at Syria's size.
  const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const pad = 10;
  const scale = (MAP_WIDTH - 2 * pad) / ((maxLon - minLon) * kx);
  const height = Math.ceil((maxLat - minLat) * scale + 2 * pad);
  return {
    width: MAP_WIDTH, height,
    point: (lon, lat) => [pad + (lon - minLon) * kx * scale, pad + (maxLat - lat) * scale],
  };
}

function forEachPoint(features, fn) {
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    for (const poly of polys) for (const ring of poly) for (const pt of ring) fn(pt);
  }
}

function pathData(geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  const parts = [];
  for (const poly of polys) {
    for (const ring of poly) {
      parts.push(ring.map(([lon, lat], k) => {
        const [x, y] = projection.point(lon, lat);
        return (k ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
      }).join("") + "Z");
    }
  }
  return parts.join("");
}

function drawLayer(svg, features, cls) {
  const g = document.createElementNS(SVG_NS, "g");
  g.setAttribute("class", cls + "-layer");
  for (const f of features) {
    if (!f.geometry) continue;
    const p = document.createElementNS(SVG_NS, "path");
    p.setAttribute("class", cls);
    p.setAttribute("d", pathData(f.geometry));
    const t = document.createElementNS(SVG_NS, "title");
    const props = f.properties || {};
    t.textContent = [props.admin2_ar || props.admin1_ar, props.admin2_en || props.admin1_en].filter(Boolean).join(" · ");
    p.appendChild(t);
    g.appendChild(p);
  }
  svg.appendChild(g);
}

async function loadMap() {
  const svg = $("map");
  try {
    const [a1, a2] = await Promise.all(["/static/syria_admin1.geojson", "/static/syria_admin2.geojson"]
      .map((u) => fetch(u).then((r) => { if (!r.ok) throw new Error(u); return r.json(); })));
    projection = makeProjection(a1.features);
    svg.setAttribute("viewBox", `0 0 ${projection.width} ${projection.height}`);
    drawLayer(svg, a1.features, "admin1");
    drawLayer(svg, a2.features, "admin2");
    const events = document.createElementNS(SVG_NS, "g");
    events.setAttribute("id", "event-layer");
    svg.appendChild(events);
    svg.dataset.ready = "1";
    drawEvents();
  } catch (err) {
    setStatus("تعذّر تحميل الخريطة: " + err.message, true);
  }
}

function drawEvents() {
  const layer = $("event-layer");
  if (!layer || !projection) return;
  layer.replaceChildren();
  state.records.forEach((r, i) => {
    if (typeof r.latitude !== "number" || typeof r.longitude !== "number") return;
    const [x, y] = projection.point(r.longitude, r.latitude);
    const c = document.createElementNS(SVG_NS, "circle");
    c.setAttribute("class", "event" + (i === state.selected ? " selected" : ""));
    c.setAttribute("cx", x.toFixed(1));
    c.setAttribute("cy", y.toFixed(1));
    const deaths = Number(r.fatalities) > 0 ? Number(r.fatalities) : 0;
    c.setAttribute("r", (4 + 2.5 * Math.sqrt(deaths)).toFixed(1));
    c.dataset.index = String(i);
    const t = document.createElementNS(SVG_NS, "title");
    t.textContent = `${i + 1}. ${r.location || r.admin1 || ""} · ${r.event_type || ""} · ${deaths}`;
    c.appendChild(t);
    c.addEventListener("click", () => select(i));
    layer.appendChild(c);
  });
}

// ---- talking to the service ------------------------------------------------------------------

async function postJson(url, body) {
  const res = await fetch(url, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch (_) { /* not JSON: reported below */ }
  if (!res.ok) {
    const msg = data && data.error ? data.error.message : `HTTP ${res.status}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return data;
}

async function analyze(ev) {
  if (ev) ev.preventDefault();
  const text = $("text-input").value;
  if (!text.trim()) { setStatus("لا يوجد نص.", true); return; }
  const body = { text };
  if ($("date-input").value) body.date = $("date-input").value;
  if ($("id-input").value.trim()) body.id = $("id-input").value.trim();
  // A report loaded from a file keeps where it was posted, so its records (and downloads) do.
  if (state.report && state.report.text === body.text) {
    if (typeof state.report.source === "string" && state.report.source) body.source = state.report.source;
    const url = safeUrl(state.report.url);
    if (url) body.url = url;
  }
  setStatus("جارٍ التحليل…");
  $("analyze").disabled = true;
  try {
    const data = await postJson("/v1/extract", body);
    state.raw = text;
    state.restoration = data.restoration;
    state.records = (data.records || []).map((r) => ({ ...r }));
    state.selected = -1;
    $("edit-info").hidden = true;
    renderWhy();
    renderText();
    renderTable();
    drawEvents();
    renderSourceLink();
    document.body.dataset.analyzed = String(Date.now());
    setStatus(`${data.restoration.edits.length} تعديل، ${state.records.length} حدث`);
  } catch (err) {
    setStatus("خطأ: " + err.message, true);
  } finally {
    $("analyze").disabled = false;
  }
}

async function download(format) {
  try {
    const res = await fetch(`/v1/export?format=${format}`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ records: state.records.map(({ reviewed, ...r }) => ({ ...r, reviewed: Boolean(reviewed) })) }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `kashf-events.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  } catch (err) {
    setStatus("تعذّر التنزيل: " + err.message, true);
  }
}

// ---- many reports: one event table (POST /v1/merge) ---------------------------------------
// Each merged event keeps its accounts (per-report events: report id and evidence span), so a
// person can see them side by side, split an account off a wrong merge, or join two events.

const MERGED_CSV = ["event_id", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
  "location", "event_date", "fatalities", "n_reports", "report_ids", "sources"];

async function mergeAll() {
  if (state.reports.length < 2) return;
  setStatus("جارٍ استخراج أحداث التقارير ودمجها…");
  $("merge-all").disabled = true;
  try {
    const lines = state.reports.map((r) => {
      const row = { text: r.text, id: String(r.id) };
      if (/^\d{4}-\d{2}-\d{2}$/.test(r.date || "")) row.date = r.date;
      if (typeof r.source === "string" && r.source) row.source = r.source;
      const url = safeUrl(r.url);
      if (url) row.url = url;
      return JSON.stringify(row);
    });
    const res = await fetch("/v1/extract/batch", {
      method: "POST", headers: { "Content-Type": "application/x-ndjson" }, body: lines.join("\n") + "\n",
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const records = [];
    for (const line of (await res.text()).split("\n")) {
      if (!line.trim()) continue;
      const obj = JSON.parse(line);
      if (Array.isArray(obj.records)) records.push(...obj.records.map(flatEvidence));
    }
    const data = await postJson("/v1/merge", { records });
    state.merged = (data.events || []).map((e) => ({
      row: e, accounts: (data.links || {})[e.event_id] || [],
    }));
    state.mergedSelected = -1;
    renderMerged();
    setStatus(`${records.length} حدث في ${state.reports.length} تقرير → ${state.merged.length} حدث`);
  } catch (err) {
    setStatus("تعذّر الدمج: " + err.message, true);
  } finally {
    $("merge-all").disabled = false;
  }
}

function flatEvidence(r) {
  // /v1/extract/batch nests the evidence; /v1/merge reads either shape, the links need offsets
  const ev = r.evidence || {};
  return { ...r, evidence_start: ev.start ?? r.evidence_start, evidence_end: ev.end ?? r.evidence_end };
}

function renderMerged() {
  const body = document.querySelector("#merged tbody");
  body.replaceChildren();
  state.merged.forEach((m, i) => {
    const tr = document.createElement("tr");
    tr.dataset.index = String(i);
    if (i === state.mergedSelected) tr.classList.add("selected");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "join";
    box.addEventListener("click", (ev) => { ev.stopPropagation(); updateJoin(); });
    const td0 = document.createElement("td");
    td0.appendChild(box);
    tr.appendChild(td0);
    const r = m.row;
    const reports = [...new Set(m.accounts.map((a) => String(a.id)))];
    for (const text of [r.event_id, `${r.event_type} / ${r.sub_event_type}`, r.actor1, r.actor2,
      r.location, r.event_date, r.fatalities, `${reports.length}: ${reports.join("، ")}`]) {
      cellText(tr, text == null ? "" : String(text));
    }
    tr.addEventListener("click", () => { state.mergedSelected = i; renderMerged(); });
    body.appendChild(tr);
  });
  $("merged-count").textContent = `(${state.merged.length})`;
  $("merge-download").disabled = state.merged.length === 0;
  updateJoin();
  renderAccounts();
}

function updateJoin() {
  $("merge-join").disabled = document.querySelectorAll("#merged input.join:checked").length < 2;
}

function renderAccounts() {
  // The selected event's accounts side by side: each report's text, its evidence marked.
  const box = $("merged-detail");
  box.replaceChildren();
  const m = state.merged[state.mergedSelected];
  if (!m) return;
  m.accounts.forEach((a, k) => {
    const card = document.createElement("div");
    card.className = "account";
    const h = document.createElement("h3");
    h.textContent = `${a.id} · ${a.event_type} · ${a.event_date || ""}`;
    card.appendChild(h);
    const report = state.reports.find((r) => String(r.id) === String(a.id));
    const text = document.createElement("div");
    text.className = "text";
    text.dir = "rtl";
    const raw = report ? report.text : "";
    const s0 = Number.isInteger(a.evidence_start) ? a.evidence_start : 0;
    const s1 = Number.isInteger(a.evidence_end) ? a.evidence_end : 0;
    text.append(raw.slice(0, s0));
    const mark = document.createElement("mark");
    mark.className = "evidence";
    mark.textContent = raw.slice(s0, s1);
    text.append(mark, raw.slice(s1));
    card.appendChild(text);
    if (m.accounts.length > 1) {
      const split = document.createElement("button");
      split.type = "button";
      split.className = "split";
      split.textContent = "فصل هذه الرواية في حدث مستقل";
      split.addEventListener("click", () => splitAccount(state.mergedSelected, k));
      card.appendChild(split);
    }
    box.appendChild(card);
  });
}

function splitAccount(i, k) {
  // A person's correction: the account leaves the event and stands alone (a new event_id).
  const m = state.merged[i];
  const [account] = m.accounts.splice(k, 1);
  const row = { ...m.row, event_id: `${m.row.event_id}-split-${account.id}`, n_reports: 1,
    report_ids: [account.id], reviewed: true };
  m.row = { ...m.row, n_reports: new Set(m.accounts.map((a) => String(a.id))).size,
    report_ids: [...new Set(m.accounts.map((a) => a.id))], reviewed: true };
  state.merged.splice(i + 1, 0, { row, accounts: [account] });
  renderMerged();
}

function joinSelected() {
  const picked = [...document.querySelectorAll("#merged input.join:checked")]
    .map((b) => Number(b.closest("tr").dataset.index)).sort((a, b) => a - b);
  if (picked.length < 2) return;
  const [first, ...rest] = picked;
  const m = state.merged[first];
  for (const j of rest) m.accounts.push(...state.merged[j].accounts);
  const ids = [...new Set(m.accounts.map((a) => a.id))];
  m.row = { ...m.row, n_reports: ids.length, report_ids: ids, reviewed: true };
  state.merged = state.merged.filter((_, j) => !rest.includes(j));
  state.mergedSelected = first;
  renderMerged();
}

function csvCell(v) {
  const s = Array.isArray(v) ? v.join(";") : v == null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function downloadMerged() {
  const lines = [MERGED_CSV.join(",")];
  for (const m of state.merged) lines.push(MERGED_CSV.map((c) => csvCell(m.row[c])).join(","));
  const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "kashf-merged-events.csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// ---- files -----------------------------------------------------------------------------------

function loadReport(k) {
  const r = state.reports[k];
  if (!r) return;
  state.report = r;
  $("text-input").value = r.text;
  $("date-input").value = /^\d{4}-\d{2}-\d{2}$/.test(r.date || "") ? r.date : "";
  $("id-input").value = r.id == null ? "" : String(r.id);
}

function readFile(file) {
  const reader = new FileReader();
  reader.onload = () => {
    const content = String(reader.result || "");
    const sel = $("report-select");
    if (!/\.(jsonl|ndjson)$/i.test(file.name)) {
      sel.hidden = true;
      $("merge-panel").hidden = true;
      state.reports = [];
      state.report = null;
      $("text-input").value = content;
      setStatus(`حُمّل ${file.name}`);
      return;
    }
    const problems = [];
    state.reports = [];
    content.split(/\r?\n/).forEach((line, n) => {
      if (!line.trim()) return;
      try {
        const obj = JSON.parse(line);
        if (obj && typeof obj === "object" && typeof obj.text === "string") {
          state.reports.push({ text: obj.text, date: obj.date, id: obj.id ?? String(n + 1), line: n + 1,
            url: obj.url, source: obj.source });
        } else {
          problems.push(`سطر ${n + 1}: لا يوجد حقل text نصي`);
        }
      } catch (_) {
        problems.push(`سطر ${n + 1}: JSON غير صالح`);
      }
    });
    sel.replaceChildren();
    state.reports.forEach((r, k) => {
      const opt = document.createElement("option");
      opt.value = String(k);
      opt.textContent = `${r.id} — ${r.text.slice(0, 40)}`;
      sel.appendChild(opt);
    });
    sel.hidden = state.reports.length === 0;
    $("merge-panel").hidden = state.reports.length < 2;
    state.merged = [];
    renderMerged();
    loadReport(0);
    setStatus(`${state.reports.length} تقرير من ${file.name}` + (problems.length ? ` · ${problems.slice(0, 3).join("؛ ")}` : ""),
      problems.length > 0);
  };
  reader.onerror = () => setStatus("تعذّرت قراءة الملف", true);
  reader.readAsText(file);
}

document.addEventListener("DOMContentLoaded", () => {
  $("report-form").addEventListener("submit", analyze);
  $("restored").addEventListener("mouseover", (e) => showEdit(e.target));
  $("restored").addEventListener("click", (e) => showEdit(e.target));
  $("restored").addEventListener("focusin", (e) => showEdit(e.target));
  $("file-input").addEventListener("change", (e) => { const f = e.target.files[0]; if (f) readFile(f); });
  $("report-select").addEventListener("change", (e) => loadReport(Number(e.target.value)));
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-geojson").addEventListener("click", () => download("geojson"));
  $("merge-all").addEventListener("click", mergeAll);
  $("merge-join").addEventListener("click", joinSelected);
  $("merge-download").addEventListener("click", downloadMerged);
  loadMap();
});
