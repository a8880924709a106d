/**
 * The explorer's stylesheet and its two small scripts (index filters; report page: 万元/元
 * toggle and the page viewer). Plain ES2017 in classic <script> files so the site works from
 * file:// (no modules, no fetch: data travel inside the pages as data attributes and JSON).
 */

export const EXPLORER_CSS = `
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:0;color:#222;line-height:1.45}
main{max-width:78rem;margin:0 auto;padding:1rem 1.2rem 4rem}
body.viewing main{margin-right:min(48vw,46rem)}
a{color:#1d5fa8}
h1{font-size:1.5rem;margin:.6rem 0}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
h2 small,h3 small{font-weight:normal;color:#666;font-size:.8em;margin-left:.8em}
nav.files{font-size:.9em;color:#555}nav.files a{margin-right:.8em}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
th small{display:block;font-weight:normal;color:#888;font-size:.75em}
td.label{white-space:nowrap}
td.n,th.n,td.v{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
table.data thead th{background:#f4f6f8;position:sticky;top:0}
td.v{cursor:pointer}td.v:hover,td.v:focus{background:#e8f0fb;outline:1px solid #1d5fa8}
td.v.selected{background:#ffe9a8;outline:2px solid #d08b00}
.mark-error{background:#fde2e2}.mark-warning{background:#fff1d6}.mark-info{background:#eef3f7}
td.mark-error::before,td.mark-warning::before,td.mark-info::before,td.label.mark-error::after,td.label.mark-warning::after{font-size:.75em;margin-right:.3em}
td.mark-error::before{content:"●";color:#b00020}td.mark-warning::before{content:"●";color:#a15c00}
.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#555}
.status-failed{color:#b00020}.status-partial{color:#a15c00}.status-ok{color:#1b7a35}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.8rem 0}.filters label{display:flex;flex-direction:column;font-size:.85em;color:#444}
.filters input,.filters select{font:inherit;padding:.15rem .3rem}
.toolbar{position:sticky;top:0;background:#fff;padding:.4rem 0;z-index:2;border-bottom:1px solid #eee}
button{font:inherit;padding:.15rem .6rem;cursor:pointer}
.legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle}
.hists{display:flex;flex-wrap:wrap;gap:1rem}figure.hist{margin:0}figure.hist figcaption{font-size:.85em;color:#444}
rect.current{stroke:#000;stroke-width:2}
.note{color:#555;font-size:.9em}
#viewer{position:fixed;top:0;right:0;width:min(48vw,46rem);height:100vh;display:flex;flex-direction:column;background:#fafafa;border-left:2px solid #888;z-index:5}
#viewer[hidden]{display:none}
#viewer .bar{flex:none;display:flex;justify-content:space-between;gap:.5rem;align-items:start;padding:.4rem .5rem;border-bottom:1px solid #ddd}
#viewer .bar button{white-space:nowrap}#viewer .tools{display:flex;gap:.3rem}
#viewer .what{font-size:.9em}#viewer .what b{font-size:1.1em}
#viewer .pane{flex:1;overflow:auto;padding:.5rem}
#viewer .sheet{position:relative;width:100%;background:#fff;box-shadow:0 0 4px #aaa}
#viewer .sheet[hidden]{display:none}
#viewer .sheet img{display:block;width:100%;height:auto}
#highlight{position:absolute;outline:2px solid #e00;outline-offset:2px;background:rgba(255,230,0,.4);pointer-events:none}
#viewer ul{margin:.3rem 0;padding-left:1.2rem;font-size:.88em}
footer{margin-top:3rem;color:#666;font-size:.85em}
`;

/** Index page: filter the report list by its data attributes and a department search. */
export const INDEX_JS = `(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#reports tbody tr'));
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var search = document.getElementById('q');
  var count = document.getElementById('count');
  function apply() {
    var text = search.value.trim();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = selects.every(function (s) { return !s.value || row.getAttribute('data-' + s.getAttribute('data-filter')) === s.value; });
      if (ok && text) ok = row.getAttribute('data-department').indexOf(text) >= 0;
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = String(shown);
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  apply();
})();
`;

/** Report page: 万元/元 toggle, and a click on a number opens its page with the cell highlighted. */
export const REPORT_JS = `(function () {
  var pages = JSON.parse(document.getElementById('page-images').textContent);
  var findings = JSON.parse(document.getElementById('findings-data').textContent);
  var viewer = document.getElementById('viewer');
  var sheet = viewer.querySelector('.sheet');
  var img = viewer.querySelector('img');
  var box = document.getElementById('highlight');
  var what = viewer.querySelector('.what');
  var selected = null;
  var unit = document.getElementById('unit');
  unit.addEventListener('click', function () {
    var yuan = document.body.classList.toggle('yuan');
    unit.textContent = yuan ? '显示万元（原表）' : '显示元';
    Array.prototype.forEach.call(document.querySelectorAll('td.v'), function (td) {
      td.textContent = yuan ? td.getAttribute('data-yuan') : td.getAttribute('data-printed');
    });
  });
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function place(td) {
    var page = pages[td.getAttribute('data-page')];
    var b = (td.getAttribute('data-box') || '').split(',').map(Number);
    if (!page || b.length !== 4) { box.hidden = true; return; }
    box.hidden = false;
    box.style.left = (b[0] * page.scale / page.width * 100) + '%';
    box.style.top = (b[1] * page.scale / page.height * 100) + '%';
    box.style.width = ((b[2] - b[0]) * page.scale / page.width * 100) + '%';
    box.style.height = ((b[3] - b[1]) * page.scale / page.height * 100) + '%';
    box.setAttribute('data-page', td.getAttribute('data-page'));
  }
  function open(td) {
    if (selected) selected.classList.remove('selected');
    selected = td;
    td.classList.add('selected');
    var n = td.getAttribute('data-page');
    var page = pages[n];
    var list = (td.getAttribute('data-findings') || '').split(' ').filter(Boolean).map(function (i) {
      var f = findings[+i];
      return '<li class="sev-' + f.severity + '">' + esc(f.severity_zh + '：' + f.title + '。' + f.meaning) + '</li>';
    }).join('');
    what.innerHTML = '<b>' + esc(td.getAttribute('data-printed')) + '</b> ' + esc(td.getAttribute('data-yuan')) +
      '<br>' + esc(td.getAttribute('data-what')) + '<br>' + (n ? '第 ' + esc(n) + ' 页' : '页码不详') +
      (page ? '' : '（本发布未包含这一页的图像）') + (td.getAttribute('data-box') ? '' : '（没有单元格位置）') +
      (list ? '<ul>' + list + '</ul>' : '');
    viewer.hidden = false;
    document.body.classList.add('viewing');
    box.hidden = true;
    if (!page) { sheet.hidden = true; return; }
    sheet.hidden = false;
    var done = function () { place(td); if (!box.hidden) box.scrollIntoView({ block: 'center', inline: 'center' }); };
    if (img.getAttribute('src') === page.src && img.complete) done();
    else { img.onload = done; img.setAttribute('src', page.src); img.setAttribute('data-page', n); }
  }
  document.addEventListener('click', function (e) {
    var td = e.target.closest ? e.target.closest('td.v') : null;
    if (td) open(td);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target.matches && e.target.matches('td.v')) open(e.target);
    if (e.key === 'Escape') close();
  });
  function close() {
    viewer.hidden = true;
    document.body.classList.remove('viewing');
    if (selected) selected.classList.remove('selected');
  }
  viewer.querySelector('button.close').addEventListener('click', close);
  var zoom = 1;
  function setZoom(z) {
    zoom = Math.max(1, Math.min(4, z));
    sheet.style.width = (zoom * 100) + '%';
    if (!box.hidden) box.scrollIntoView({ block: 'center', inline: 'center' });
  }
  viewer.querySelector('button.zoom-in').addEventListener('click', function () { setZoom(zoom * 1.5); });
  viewer.querySelector('button.zoom-out').addEventListener('click', function () { setZoom(zoom / 1.5); });
})();
`;
