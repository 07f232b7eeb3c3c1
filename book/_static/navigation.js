/* The ☰ (chapters) and ≣ (on this page) buttons, at every width.
 *
 * pydata-sphinx-theme 0.17 adds its own sidebar buttons to the page header, so a
 * sphinx-book-theme page holds two `.primary-toggle` and two `.secondary-toggle` buttons.
 * Both themes attach their click handlers to the first of each (document.querySelector),
 * which is the header's, hidden at every width; the article-header buttons readers see do
 * nothing (pydata-sphinx-theme issue #2451, open upstream at 0.20).
 *
 * A click on any later button of a kind is passed on to the first one, whose handlers open
 * the sidebar as a dialog on a phone and collapse or show it on a wide screen. The listener
 * sits on the document in the capture phase, so it runs before any listener on the button
 * itself: should a later theme attach handlers to every button, each click still acts once.
 */
(function () {
  "use strict";
  function forward(event) {
    var button = event.target.closest && event.target.closest(".primary-toggle, .secondary-toggle");
    if (!button) return;
    var kind = button.classList.contains("primary-toggle") ? ".primary-toggle" : ".secondary-toggle";
    var first = document.querySelector(kind);
    if (!first || first === button) return;
    event.preventDefault();
    event.stopPropagation();
    first.click();
  }
  document.addEventListener("click", forward, true);
})();
