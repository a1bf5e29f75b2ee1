// Oral history: the transcript follows the player. A time button seeks the player there and plays; while the
// recording plays, the segment being spoken is highlighted (and marked aria-current for screen readers).
// Served as a file so the page's Content-Security-Policy (script-src 'self') needs no inline script.
(function () {
  "use strict";
  var player = document.getElementById("oh-player");
  if (!player) return;
  var segments = Array.prototype.slice.call(document.querySelectorAll(".oh-segment"));
  var starts = segments.map(function (s) { return Number(s.getAttribute("data-start")) || 0; });
  var current = -1;

  function mark(index) {
    if (index === current) return;
    if (current >= 0) { segments[current].classList.remove("oh-current"); segments[current].removeAttribute("aria-current"); }
    current = index;
    if (index >= 0) { segments[index].classList.add("oh-current"); segments[index].setAttribute("aria-current", "true"); }
  }

  function indexAt(time) {
    var found = -1;
    for (var i = 0; i < starts.length; i++) { if (starts[i] <= time + 0.25) found = i; else break; }
    return found;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".oh-seek") : null;
    if (!button) return;
    var start = Number(button.getAttribute("data-start")) || 0;
    player.currentTime = start;
    mark(indexAt(start));
    var played = player.play();
    if (played && played.catch) played.catch(function () { /* the reader presses play themselves */ });
    player.scrollIntoView({ block: "nearest" });
  });

  player.addEventListener("timeupdate", function () { mark(indexAt(player.currentTime)); });
  player.addEventListener("seeked", function () { mark(indexAt(player.currentTime)); });
})();
