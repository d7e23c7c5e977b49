/**
 * The report's one script (plain JS, inline): the item table's search and paging over the items embedded as
 * JSON. Only the page shown is in the DOM, so 10,000 items cost one parse and no layout.
 */
export const ITEMS_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("items-data").textContent);
  var PAGE = 50, page = 0, shown = data.items;
  var body = document.getElementById("items-body");
  var search = document.getElementById("items-search");
  var only = document.getElementById("items-differ");
  var info = document.getElementById("items-info");
  var prev = document.getElementById("items-prev"), next = document.getElementById("items-next");
  function text(s) { return s == null ? "" : String(s); }
  function haystack(it) { return (it.id + "\\n" + it.cells.join("\\n") + "\\n" + it.answers.map(text).join("\\n")).toLowerCase(); }
  var hay = data.items.map(haystack);
  function differ(it) { for (var i = 1; i < it.scores.length; i++) if (it.scores[i] !== it.scores[0]) return true; return false; }
  function cell(tr, value, cls) { var td = document.createElement("td"); td.textContent = value; if (cls) td.className = cls; tr.appendChild(td); return td; }
  function render() {
    body.textContent = "";
    var start = page * PAGE, rows = shown.slice(start, start + PAGE);
    rows.forEach(function (it) {
      var tr = document.createElement("tr");
      var td = cell(tr, "", "thumb");
      if (it.thumb) { var img = document.createElement("img"); img.src = it.thumb; img.alt = "image of " + it.id; td.appendChild(img); }
      cell(tr, it.id, "id");
      it.cells.forEach(function (c) { cell(tr, c, "text"); });
      it.answers.forEach(function (a, i) {
        var s = it.scores[i];
        cell(tr, (s === null ? "— " : s >= 1 ? "✓ " : s <= 0 ? "✗ " : s.toFixed(2) + " ") + text(a), s === null ? "unscored" : s >= 1 ? "right" : s <= 0 ? "wrong" : "partial");
      });
      body.appendChild(tr);
    });
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    info.textContent = shown.length ? "items " + (start + 1) + "–" + (start + rows.length) + " of " + shown.length + (shown.length < data.items.length ? " found (" + data.items.length + " in all)" : "") + " · page " + (page + 1) + " of " + pages : "no item matches";
    prev.disabled = page === 0; next.disabled = page >= pages - 1;
  }
  function filter() {
    var q = search.value.trim().toLowerCase();
    shown = data.items.filter(function (it, i) { return (!q || hay[i].indexOf(q) >= 0) && (!only || !only.checked || differ(it)); });
    page = 0; render();
  }
  search.addEventListener("input", filter);
  if (only) only.addEventListener("change", filter);
  prev.addEventListener("click", function () { if (page > 0) { page--; render(); } });
  next.addEventListener("click", function () { page++; render(); });
  render();
})();
`;
