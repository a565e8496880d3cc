// Keyboard shortcuts of the review queue: j/k (or arrows) move, c confirm, r reject,
// e or Enter open the fact to correct it, n next page. Without this file the buttons work.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
  if (!rows.length) { return; }
  var at = 0;
  function select(i) {
    rows[at].classList.remove("selected");
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add("selected");
    rows[at].scrollIntoView({ block: "nearest" });
  }
  function press(selector) {
    var button = rows[at].querySelector(selector);
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { select(at + 1); }
    else if (key === "k" || key === "ArrowUp") { select(at - 1); }
    else if (key === "c") { press("button.confirm"); }
    else if (key === "r") { press("button.reject"); }
    else if (key === "e" || key === "Enter") { press("a.open"); }
    else if (key === "n") {
      var next = document.querySelector("a[rel=next]");
      if (next) { next.click(); }
    } else { return; }
    event.preventDefault();
  });
}());
