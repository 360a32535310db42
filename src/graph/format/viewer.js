// casegraph's offline graph viewer: a canvas with pan and zoom, hover shows a
// node's neighbours, click shows its details and source text, search and kind
// filters. The positions come precomputed from casegraph's layout.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const canvas = document.getElementById("canvas");
  const ctx = canvas.getContext("2d");
  const tooltip = document.getElementById("tooltip");
  const details = document.getElementById("details");
  const search = document.getElementById("search");
  const matchesBox = document.getElementById("matches");
  const fonts = getComputedStyle(document.documentElement).getPropertyValue("--cjk-fonts") || "sans-serif";
  const colour = {};
  data.kinds.forEach(function (k) { colour[k.slug] = k.colour; });
  document.getElementById("title").textContent = data.title;
  document.title = data.title;

  const nodes = data.nodes;
  const neighbours = nodes.map(function () { return new Set(); });
  data.edges.forEach(function (e) { neighbours[e[0]].add(e[1]); neighbours[e[1]].add(e[0]); });
  const shownKinds = new Set(data.kinds.map(function (k) { return k.slug; }));
  let hovered = -1, selected = -1, matches = new Set();
  const view = { scale: 1, x: 0, y: 0 };

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // Kind filter, which doubles as the legend.
  const kindsBox = document.getElementById("kinds");
  data.kinds.forEach(function (k) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.slug;
    box.addEventListener("change", function () {
      if (box.checked) shownKinds.add(k.slug); else shownKinds.delete(k.slug);
      draw();
    });
    const swatch = el("span", null, "swatch");
    swatch.style.background = k.colour;
    const count = nodes.filter(function (n) { return n.kind === k.slug; }).length;
    label.append(box, swatch, document.createTextNode(k.zh + " " + k.en + " (" + count + ")"));
    kindsBox.append(label);
  });

  function visible(i) { return shownKinds.has(nodes[i].kind); }

  function resize() {
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(rect.width * ratio));
    canvas.height = Math.max(1, Math.round(rect.height * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  }

  function fit() {
    const rect = canvas.getBoundingClientRect();
    const scale = Math.min(rect.width / data.width, rect.height / data.height) || 1;
    view.scale = scale;
    view.x = (rect.width - data.width * scale) / 2;
    view.y = (rect.height - data.height * scale) / 2;
  }

  function toScreen(n) { return [n.x * view.scale + view.x, n.y * view.scale + view.y]; }

  function draw() {
    const rect = canvas.getBoundingClientRect();
    ctx.clearRect(0, 0, rect.width, rect.height);
    const focus = hovered >= 0 ? hovered : selected;
    const near = focus >= 0 ? neighbours[focus] : null;
    const lit = function (i) { return focus < 0 || i === focus || near.has(i); };
    ctx.lineCap = "round";
    data.edges.forEach(function (e) {
      if (!visible(e[0]) || !visible(e[1])) return;
      const a = toScreen(nodes[e[0]]), b = toScreen(nodes[e[1]]);
      const touching = focus >= 0 && (e[0] === focus || e[1] === focus);
      ctx.strokeStyle = touching ? "rgba(40,40,40,0.8)" : (focus >= 0 ? "rgba(140,140,140,0.12)" : "rgba(140,140,140,0.5)");
      ctx.lineWidth = (0.8 + Math.min(e[2] - 1, 8) * 0.7) * Math.sqrt(view.scale);
      ctx.beginPath();
      ctx.moveTo(a[0], a[1]);
      ctx.lineTo(b[0], b[1]);
      ctx.stroke();
    });
    const fontSize = Math.max(10, Math.min(16, 12 * Math.sqrt(view.scale)));
    ctx.font = fontSize + "px " + fonts;
    ctx.textBaseline = "middle";
    nodes.forEach(function (n, i) {
      if (!visible(i)) return;
      const p = toScreen(n);
      const r = Math.max(2.5, n.r * Math.sqrt(view.scale));
      ctx.globalAlpha = lit(i) ? 1 : 0.2;
      ctx.fillStyle = colour[n.kind] || "#999";
      ctx.beginPath();
      ctx.arc(p[0], p[1], r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.lineWidth = i === selected || matches.has(i) ? 3 : 1.2;
      ctx.strokeStyle = i === selected ? "#000" : (matches.has(i) ? "#e6a100" : "#fff");
      ctx.stroke();
      const labelled = r >= 7 || view.scale > 1.4 || (focus >= 0 && lit(i)) || matches.has(i);
      if (labelled && (focus < 0 || lit(i))) {
        const text = n.zh.length > 18 ? n.zh.slice(0, 17) + "…" : n.zh;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(text, p[0] + r + 3, p[1]);
        ctx.fillStyle = "#1a1a1a";
        ctx.fillText(text, p[0] + r + 3, p[1]);
      }
    });
    ctx.globalAlpha = 1;
  }

  function nodeAt(x, y) {
    let best = -1, bestDistance = Infinity;
    nodes.forEach(function (n, i) {
      if (!visible(i)) return;
      const p = toScreen(n);
      const r = Math.max(2.5, n.r * Math.sqrt(view.scale)) + 3;
      const d = Math.hypot(p[0] - x, p[1] - y);
      if (d <= r && d < bestDistance) { best = i; bestDistance = d; }
    });
    return best;
  }

  function showDetails(i) {
    details.replaceChildren();
    if (i < 0) {
      details.append(el("p", "点击节点查看详情和原文。Click a node for its details and source text.", "muted"));
      return;
    }
    const n = nodes[i];
    details.append(el("h2", n.zh));
    if (n.en && n.en !== n.zh) details.append(el("div", n.en, "muted"));
    const dl = el("dl");
    const kind = data.kinds.find(function (k) { return k.slug === n.kind; });
    const rows = [["类型 kind", kind ? kind.zh + " " + kind.en : n.kind]];
    if (n.subtype) rows.push(["子类 subtype", n.subtype]);
    n.details.forEach(function (d) { if (d[0] !== "类型 type") rows.push(d); });
    rows.push(["IRI", n.iri]);
    rows.push(["相连 linked", String(neighbours[i].size)]);
    rows.forEach(function (row) { dl.append(el("dt", row[0]), el("dd", row[1])); });
    details.append(dl);
    const linked = Array.from(neighbours[i]).sort(function (a, b) { return a - b; });
    if (linked.length) {
      details.append(el("h3", "相连节点 neighbours"));
      const list = el("div");
      linked.forEach(function (j) {
        const b = el("button", nodes[j].zh.length > 20 ? nodes[j].zh.slice(0, 19) + "…" : nodes[j].zh);
        b.style.borderColor = colour[nodes[j].kind];
        b.addEventListener("click", function () { select(j, true); });
        list.append(b);
      });
      list.className = "neighbours";
      details.append(list);
    }
    if (n.sources.length) {
      details.append(el("h3", "原文 source text"));
      n.sources.forEach(function (s) {
        const box = el("div", null, "source");
        box.append(el("span", "案例 " + s.case + " · " + s.item + " · 行 lines " + s.start_line + "–" + s.end_line, "where"));
        box.append(highlighted(s.text, n.zh));
        details.append(box);
      });
    }
  }

  // The passage with the node's name marked, built from text nodes only.
  function highlighted(text, name) {
    const span = el("span");
    const at = name ? text.indexOf(name) : -1;
    if (at < 0) { span.textContent = text; return span; }
    span.append(document.createTextNode(text.slice(0, at)), el("mark", name), document.createTextNode(text.slice(at + name.length)));
    return span;
  }

  function select(i, centre) {
    selected = i;
    if (centre && i >= 0) {
      const rect = canvas.getBoundingClientRect();
      view.x = rect.width / 2 - nodes[i].x * view.scale;
      view.y = rect.height / 2 - nodes[i].y * view.scale;
    }
    showDetails(i);
    draw();
  }

  function runSearch() {
    const q = search.value.trim().toLowerCase();
    matches = new Set();
    matchesBox.replaceChildren();
    if (q) {
      nodes.forEach(function (n, i) {
        const text = (n.zh + " " + (n.en || "") + " " + n.details.map(function (d) { return d[1]; }).join(" ")).toLowerCase();
        if (text.indexOf(q) >= 0) matches.add(i);
      });
      matchesBox.append(document.createTextNode(matches.size + " 个匹配 match(es) "));
      Array.from(matches).slice(0, 12).forEach(function (i) {
        const b = el("button", nodes[i].zh.length > 16 ? nodes[i].zh.slice(0, 15) + "…" : nodes[i].zh);
        b.addEventListener("click", function () { select(i, true); });
        matchesBox.append(b);
      });
    }
    draw();
  }

  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && matches.size) select(Array.from(matches)[0], true);
  });

  let drag = null;
  canvas.addEventListener("mousedown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
    canvas.classList.add("dragging");
  });
  window.addEventListener("mouseup", function (ev) {
    canvas.classList.remove("dragging");
    if (drag && !drag.moved && ev.target === canvas) {
      const rect = canvas.getBoundingClientRect();
      select(nodeAt(ev.clientX - rect.left, ev.clientY - rect.top), false);
    }
    drag = null;
  });
  canvas.addEventListener("mousemove", function (ev) {
    const rect = canvas.getBoundingClientRect();
    const x = ev.clientX - rect.left, y = ev.clientY - rect.top;
    if (drag) {
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      view.x = drag.vx + dx;
      view.y = drag.vy + dy;
      draw();
      return;
    }
    const i = nodeAt(x, y);
    if (i !== hovered) { hovered = i; draw(); }
    if (i >= 0) {
      const n = nodes[i];
      tooltip.textContent = n.zh + (n.en && n.en !== n.zh ? " · " + n.en : "") + " (" + n.kind + ", " + neighbours[i].size + ")";
      tooltip.style.left = (x + 14) + "px";
      tooltip.style.top = (y + 10) + "px";
      tooltip.hidden = false;
    } else {
      tooltip.hidden = true;
    }
  });
  canvas.addEventListener("mouseleave", function () { hovered = -1; tooltip.hidden = true; draw(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    const rect = canvas.getBoundingClientRect();
    const x = ev.clientX - rect.left, y = ev.clientY - rect.top;
    const factor = Math.exp(-ev.deltaY * 0.0015);
    const scale = Math.min(20, Math.max(0.05, view.scale * factor));
    view.x = x - (x - view.x) * (scale / view.scale);
    view.y = y - (y - view.y) * (scale / view.scale);
    view.scale = scale;
    draw();
  }, { passive: false });
  canvas.addEventListener("dblclick", function () { fit(); draw(); });
  window.addEventListener("resize", function () { resize(); fit(); draw(); });

  resize();
  fit();
  draw();
  document.body.dataset.rendered = String(nodes.length);

  // `page.html#self-test` drives the page through its own event handlers
  // (hover, click, search, kind filter) and records what happened, so a
  // headless browser can check the interactions without a driver.
  if (location.hash === "#self-test" && nodes.length) {
    const rect = canvas.getBoundingClientRect();
    const busiest = neighbours.reduce(function (best, set, i) { return set.size > neighbours[best].size ? i : best; }, 0);
    const p = toScreen(nodes[busiest]);
    const at = { clientX: rect.left + p[0], clientY: rect.top + p[1], bubbles: true };
    canvas.dispatchEvent(new MouseEvent("mousemove", at));
    const hoveredNeighbours = hovered === busiest ? neighbours[busiest].size : -1;
    canvas.dispatchEvent(new MouseEvent("mousedown", at));
    canvas.dispatchEvent(new MouseEvent("mouseup", at));
    const shown = details.querySelector("h2") ? details.querySelector("h2").textContent : "";
    search.value = nodes[busiest].zh;
    search.dispatchEvent(new Event("input"));
    const found = matches.has(busiest);
    const firstKind = kindsBox.querySelector("input");
    firstKind.click();
    const hidden = !visible(nodes.findIndex(function (n) { return n.kind === firstKind.dataset.kind; }));
    firstKind.click();
    document.body.dataset.selfTest = JSON.stringify({
      hovered: hoveredNeighbours,
      selected: shown === nodes[busiest].zh,
      sources: details.querySelectorAll(".source").length,
      found: found,
      filtered: hidden
    });
  }
})();
