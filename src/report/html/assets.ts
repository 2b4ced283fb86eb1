/** The report page's inline style and script: no URL, no inline handler, no eval. */

export const PAGE_STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222;display:flex}
nav{position:sticky;top:0;height:100vh;width:280px;flex:none;overflow:auto;border-right:1px solid #ddd;padding:8px;background:#fafafa}
nav input{width:100%;padding:6px;font-size:14px}nav ul{list-style:none;margin:0;padding:0}nav li a{display:block;padding:1px 4px;color:#124;text-decoration:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav li.v a{font-style:italic}nav li.added a{color:#0a6b1f}nav li.dropped a{color:#a11}nav li.altered a{color:#a60}
.count{margin:4px 0;color:#666;font-size:12px}
main{flex:1;min-width:0;padding:0 20px 40px}h1{font-size:20px}h2{border-bottom:1px solid #ccc;padding-top:10px}h3{margin:0 0 4px;font-size:16px}h4{margin:8px 0 2px;font-size:13px}
.obj{border:1px solid #e2e2e2;border-radius:6px;padding:8px 12px;margin:10px 0;content-visibility:auto;contain-intrinsic-size:auto 240px}
.obj.hl{outline:3px solid #2a6fdb}.kind,.facts,.hint{color:#666;font-weight:normal;font-size:13px}.comment{font-style:italic}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #e2e2e2;padding:2px 6px;text-align:left;vertical-align:top}
ul.defs{margin:0;padding-left:18px}pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}
.badge,.sev{border-radius:3px;padding:0 5px;font-size:12px;color:#fff}.badge.added{background:#1a8a35}.badge.dropped{background:#c22}.badge.altered{background:#d80}
.sev.breaking{background:#c22}.sev.warning{background:#d80}.sev.info{background:#778}
.side{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}pre.sql{max-height:70vh}
figure.pic{margin:10px 0;border:1px solid #ddd;border-radius:6px;overflow:hidden}figure.pic figcaption{padding:4px 8px;background:#f3f3f3}
.pic svg{display:block;width:100%;height:60vh;cursor:grab;touch-action:none;background:#fff}details.pic svg{height:45vh}
svg g.node.added polygon,svg g.node.added path{fill:#d9f5de}svg g.node.dropped polygon,svg g.node.dropped path{fill:#fbdcdc}svg g.node.altered polygon,svg g.node.altered path{fill:#fdebc8}
svg g.node.hl polygon,svg g.node.hl path,svg g.node.hl rect{stroke:#2a6fdb;stroke-width:3}
[hidden]{display:none!important}footer{color:#888;font-size:12px;margin-top:30px}
`;

export const PAGE_SCRIPT = `
(function () {
  var q = document.getElementById('q');
  var shown = document.getElementById('shown');
  var all = document.getElementById('all');
  var hits = document.getElementById('hits');
  var objects = document.querySelectorAll('section.obj');
  var entries = null;
  var timer = 0;
  // Hiding thousands of list items one by one costs a layout each time: matches go into a list of their own.
  function filter() {
    var v = q.value.trim().toLowerCase();
    if (!entries) {
      entries = [];
      var items = all.children;
      for (var i = 0; i < items.length; i++) entries.push([items[i].getAttribute('data-n'), items[i].outerHTML]);
    }
    var found = [];
    for (var k = 0; k < entries.length; k++) if (!v || entries[k][0].indexOf(v) >= 0) found.push(entries[k][1]);
    hits.innerHTML = v ? found.slice(0, 1000).join('') : '';
    hits.hidden = !v;
    all.hidden = !!v;
    for (var j = 0; j < objects.length; j++) objects[j].hidden = !!v && objects[j].getAttribute('data-n').indexOf(v) < 0;
    shown.textContent = String(found.length);
  }
  q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(filter, 60); });
  function show() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    var old = document.querySelectorAll('.hl');
    for (var i = 0; i < old.length; i++) old[i].classList.remove('hl');
    if (!el) return;
    el.hidden = false;
    el.classList.add('hl');
    el.scrollIntoView({ block: 'start' });
    var k = el.getAttribute('data-k');
    if (k === null) return;
    var nodes = document.querySelectorAll('svg g.t' + k);
    for (var j = 0; j < nodes.length; j++) nodes[j].classList.add('hl');
  }
  window.addEventListener('hashchange', show);
  if (location.hash) show();
  function panZoom(svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    var start = [vb.x, vb.y, vb.width, vb.height];
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    var drag = null;
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      var s = e.deltaY > 0 ? 1.15 : 1 / 1.15;
      var scale = Math.max(vb.width / r.width, vb.height / r.height);
      var px = vb.x + (e.clientX - r.left - (r.width - vb.width / scale) / 2) * scale;
      var py = vb.y + (e.clientY - r.top - (r.height - vb.height / scale) / 2) * scale;
      vb.x = px - (px - vb.x) * s; vb.y = py - (py - vb.y) * s; vb.width *= s; vb.height *= s;
    }, { passive: false });
    svg.addEventListener('pointerdown', function (e) { drag = [e.clientX, e.clientY]; svg.setPointerCapture(e.pointerId); });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var scale = Math.max(vb.width / r.width, vb.height / r.height);
      vb.x -= (e.clientX - drag[0]) * scale; vb.y -= (e.clientY - drag[1]) * scale;
      drag = [e.clientX, e.clientY];
    });
    svg.addEventListener('pointerup', function () { drag = null; });
    svg.addEventListener('dblclick', function () { vb.x = start[0]; vb.y = start[1]; vb.width = start[2]; vb.height = start[3]; });
  }
  var svgs = document.querySelectorAll('.pic svg');
  for (var i = 0; i < svgs.length; i++) panZoom(svgs[i]);
  // A table's neighbourhood the report did not lay out: drawn when opened, from the foreign keys
  // the sections list: the tables it references on the right, those referencing it on the left.
  var edges = null;
  function tableEdges() {
    if (edges) return edges;
    edges = { out: {}, in: {} };
    var links = document.querySelectorAll('section.table ul.defs a[href^="#table-"]');
    for (var i = 0; i < links.length; i++) {
      var from = links[i].closest('section').id;
      var to = decodeURIComponent(links[i].getAttribute('href').slice(1));
      if (from === to) continue;
      (edges.out[from] = edges.out[from] || {})[to] = 1;
      (edges.in[to] = edges.in[to] || {})[from] = 1;
    }
    return edges;
  }
  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function box(id, x, y, cls) {
    return '<g class="node ' + cls + '"><a href="#' + esc(id) + '"><rect x="' + x + '" y="' + y +
      '" width="200" height="28" rx="4" fill="#fff" stroke="#555"></rect><text x="' + (x + 100) + '" y="' + (y + 18) +
      '" text-anchor="middle" font-size="12">' + esc(id.slice(6)) + '</text></a></g>';
  }
  function classOf(id) {
    var s = document.getElementById(id);
    return s ? 't' + s.getAttribute('data-k') : '';
  }
  function drawNeighbourhood(details) {
    var section = details.closest('section');
    var id = section.id;
    var k = section.getAttribute('data-k');
    var e = tableEdges();
    var left = Object.keys(e.in[id] || {}).sort();
    var right = Object.keys(e.out[id] || {}).sort();
    var rows = Math.max(left.length, right.length, 1);
    var height = rows * 40 + 20;
    var cy = height / 2 - 14;
    var arrow = 'url(#arrow-' + k + ')';
    // The HTML parser puts what is inside <svg> in SVG's namespace.
    var parts = ['<svg class="nb" viewBox="0 0 760 ' + height + '" width="760" height="' + height + '">',
      '<defs><marker id="arrow-' + k + '" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"></path></marker></defs>'];
    left.forEach(function (other, i) {
      var y = 10 + i * 40 + (rows - left.length) * 20;
      parts.push('<line x1="210" y1="' + (y + 14) + '" x2="280" y2="' + (cy + 14) + '" stroke="#555" marker-end="' + arrow + '"></line>', box(other, 10, y, classOf(other)));
    });
    right.forEach(function (other, i) {
      var y = 10 + i * 40 + (rows - right.length) * 20;
      parts.push('<line x1="480" y1="' + (cy + 14) + '" x2="550" y2="' + (y + 14) + '" stroke="#555" marker-end="' + arrow + '"></line>', box(other, 550, y, classOf(other)));
    });
    parts.push(box(id, 280, cy, 't' + k + (section.classList.contains('hl') ? ' hl' : '')), '</svg>');
    details.insertAdjacentHTML('beforeend', parts.join(''));
    panZoom(details.querySelector('svg'));
  }
  // toggle does not bubble: one listener, in the capture phase, for every table's.
  document.addEventListener('toggle', function (ev) {
    var d = ev.target;
    if (d.classList && d.classList.contains('nb') && d.open && !d.querySelector('svg')) drawNeighbourhood(d);
  }, true);
})();
`;
