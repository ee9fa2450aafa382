// The leaderboard page: reads the JSON API of the same origin and renders with DOM calls only (no HTML from data).
"use strict";
(function () {
  const view = document.getElementById("view");
  const palette = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4", "#6e7781", "#e16f24", "#116329"];
  let mode = null;
  let chart = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  async function api(path) {
    const response = await fetch("/api" + path, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.detail || body.title || ("HTTP " + response.status));
    return body;
  }

  const enc = encodeURIComponent;
  const m = () => "/modes/" + enc(mode);
  const fmt = (x) => (x === null || x === undefined) ? "—" : (typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toPrecision(6)) : String(x));
  const short = (h) => h.length > 14 ? h.slice(0, 10) + "…" : h;
  const when = (iso) => new Date(iso).toLocaleString();
  const roundLink = (block, hash) => el("a", { href: "#/round/" + enc(hash), class: "round-link" }, "#" + block);
  const subLink = (hotkey, commitBlock) => el("a", { href: "#/submission/" + enc(hotkey) + "/" + commitBlock, class: "submission-link" }, hotkey);

  function table(headers, rows, rowClass) {
    const head = el("tr", null, headers.map(h => el("th", { class: h.num ? "num" : (h.narrow ? "hide-narrow" : null) }, h.label || h)));
    const body = rows.map((r, i) => el("tr", { class: rowClass ? rowClass(i) : null },
      r.map((cell, j) => el("td", { class: headers[j].num ? "num" : (headers[j].narrow ? "hide-narrow" : (headers[j].cls || null)) }, cell))));
    return el("div", { class: "table-wrap" }, el("table", null, el("thead", null, head), el("tbody", null, body)));
  }

  function drawChart(container, blocks, series) {
    if (chart) { chart.destroy(); chart = null; }
    container.replaceChildren();
    const points = series.reduce((n, s) => n + s.scores.filter(v => v !== null).length, 0);
    container.setAttribute("data-points", String(points));
    if (points === 0) { container.append(el("p", { class: "muted" }, "No scored rounds yet.")); return; }
    const width = Math.max(280, container.clientWidth || 600);
    const opts = {
      width, height: 260,
      scales: { x: { time: false } },
      // Blocks are whole numbers: integer tick steps only.
      axes: [{ label: "block", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000, 1000000] }, { label: "score" }],
      series: [{ label: "block" }].concat(series.map((s, i) => ({
        label: s.hotkey, stroke: palette[i % palette.length], width: 2, spanGaps: true, dash: s.dash,
        points: { show: true, size: 6, fill: palette[i % palette.length] },
      }))),
    };
    chart = new uPlot(opts, [blocks].concat(series.map(s => s.scores)), container);
  }

  async function home() {
    const [king, standings, rounds, series] = await Promise.all([
      api(m() + "/king"), api(m() + "/standings?limit=100"), api(m() + "/rounds?limit=20"), api(m() + "/chart?rounds=100&top=10")]);
    const k = king.king;
    const kingCard = el("section", { class: "card king", id: "king" },
      k ? [el("div", null, "King: ", el("strong", null, subLink(k.key.hotkey, k.key.commitBlock)), " ", el("span", { class: "muted" }, "commit block " + k.key.commitBlock)),
           el("div", null, "since block " + k.sinceBlock + " — " + k.reason)]
        : el("div", null, "No king yet."),
      king.lastRound ? el("div", { class: "muted" }, "Last round: ", roundLink(king.lastRound.block, king.lastRound.blockHash), " at " + when(king.lastRound.completedAt)) : null);
    const standingRows = standings.items.map(s => [String(s.position + 1), subLink(s.hotkey, s.commitBlock), el("span", { class: "mono" }, s.model), fmt(s.score), String(s.roundsScored), fmt(s.lastScoredBlock)]);
    const chartBox = el("div", { id: "chart", role: "img", "aria-label": "Score of each leading submission over the latest rounds" });
    const roundRows = rounds.items.map(r => [roundLink(r.block, r.blockHash), r.king ? r.king.hotkey : "—", el("span", { class: "reason" }, r.explanation), when(r.completedAt)]);
    view.replaceChildren(
      kingCard,
      el("h2", null, "Standings ", el("span", { class: "muted" }, "(" + standings.total + ")")),
      standings.items.length ? table(["#", "hotkey", { label: "model", narrow: true }, { label: "score", num: true }, { label: "rounds", num: true }, { label: "last block", num: true, narrow: true }],
        standingRows, i => standings.items[i].isKing ? "is-king" : null) : el("p", { class: "muted" }, "No standings yet."),
      el("h2", null, "Score over rounds"), chartBox,
      el("h2", null, "Recent rounds ", el("span", { class: "muted" }, "(" + rounds.total + ")")),
      table(["round", "king after", { label: "explanation", narrow: true }, { label: "completed", narrow: true }], roundRows));
    drawChart(chartBox, series.blocks, series.series);
  }

  async function round(hash) {
    const r = await api(m() + "/rounds/" + enc(hash));
    const rows = r.outcomes.map(o => [subLink(o.hotkey, o.commitBlock), el("span", { class: "status-" + o.status }, o.status), fmt(o.score), el("span", { class: "reason" }, o.reason || ""), String(o.promptsScored)]);
    const weights = Object.entries(r.weights).map(([h, w]) => [h, fmt(w)]);
    view.replaceChildren(
      el("h2", null, "Round at block " + r.round.block),
      el("section", { class: "card" },
        el("div", { class: "mono" }, "hash " + r.round.blockHash),
        el("div", null, "King after: " + (r.round.king ? r.round.king.hotkey : "none") + " — " + r.round.explanation),
        el("div", { class: "muted" }, "seed " + short(r.round.seed) + " · completed " + when(r.round.completedAt))),
      el("h2", null, "Outcomes"),
      table(["hotkey", "status", { label: "score", num: true }, { label: "reason", cls: "reason" }, { label: "prompts", num: true, narrow: true }], rows),
      el("h2", null, "Weights"),
      weights.length ? table(["hotkey", { label: "weight", num: true }], weights) : el("p", { class: "muted" }, "No weights."),
      r.disqualifications.length ? [el("h2", null, "Disqualified this round"),
        table(["hotkey", "code", { label: "message", cls: "reason" }, "source"], r.disqualifications.map(d => [subLink(d.key.hotkey, d.key.commitBlock), d.reasonCode, d.message, d.source]))] : null,
      el("h2", null, "Artifacts"),
      el("ul", null, r.artifacts.map(a => el("li", null, a.url ? el("a", { href: a.url }, a.name) : el("span", { class: "mono" }, a.key)))),
      el("h2", null, "Timings"),
      r.timings.length ? el("div", { id: "timings" }, table(["kind", "name", { label: "seconds", num: true }, { label: "calls", num: true }],
        r.timings.map(t => [t.kind, el("span", { class: "mono" }, t.name), t.seconds.toFixed(3), String(t.calls)])))
        : el("p", { class: "muted" }, "Not recorded for this round."));
  }

  async function submission(hotkey, block) {
    const s = await api(m() + "/submissions/" + enc(hotkey) + "/" + enc(block));
    const rows = s.rounds.map(r => [roundLink(r.block, r.blockHash), el("span", { class: "status-" + r.status }, r.status), fmt(r.score), fmt(r.standingScore), el("span", { class: "reason" }, r.reason || "")]);
    const chartBox = el("div", { id: "chart", role: "img", "aria-label": "This submission's round score and standing score (EMA) by round" });
    const scored = s.rounds.slice().reverse();
    view.replaceChildren(
      el("h2", null, s.submission.hotkey + " ", el("span", { class: "muted" }, "commit block " + s.submission.commitBlock)),
      el("section", { class: "card" },
        el("div", { class: "mono" }, s.model),
        el("div", null, s.standing ? ("Standing #" + (s.standing.position + 1) + (s.standing.isKing ? " (king)" : "") + ", score " + fmt(s.standing.score) + " over " + s.standing.roundsScored + " round(s)") : "No standing."),
        el("div", null, "Checks passed: " + (s.passedChecks.length ? s.passedChecks.join(", ") : "none recorded")),
        s.disqualification ? el("div", { class: "status-disqualified" }, "Disqualified at block " + s.disqualification.block + " by " + s.disqualification.source + ": [" + s.disqualification.reasonCode + "] " + s.disqualification.message) : null),
      el("h2", null, "Score and standing by round"), chartBox,
      el("h2", null, "Rounds"),
      table(["round", "status", { label: "score", num: true }, { label: "standing (EMA)", num: true }, { label: "reason", cls: "reason" }], rows));
    const value = (x) => (x === null || x === undefined) ? null : x;
    drawChart(chartBox, scored.map(r => r.block), [
      { hotkey: "round score", scores: scored.map(r => value(r.score)) },
      { hotkey: "standing (EMA)", scores: scored.map(r => value(r.standingScore)), dash: [6, 4] }]);
  }

  async function route() {
    try {
      if (mode === null) {
        const modes = await api("/modes");
        mode = modes.active;
        document.getElementById("mode").textContent = "mode " + mode;
      }
      const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
      if (parts[0] === "round" && parts[1]) await round(parts[1]);
      else if (parts[0] === "submission" && parts[1] && parts[2]) await submission(parts[1], parts[2]);
      else await home();
      view.setAttribute("data-ready", location.hash || "#/");
    } catch (e) {
      view.replaceChildren(el("p", { class: "card error" }, "Could not load: " + e.message));
      view.setAttribute("data-ready", "error");
    }
  }

  window.addEventListener("hashchange", () => { view.removeAttribute("data-ready"); route(); });
  route();
})();
