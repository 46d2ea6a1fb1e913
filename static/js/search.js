// Progressive enhancement of the search page; without it the page works the same, one click more.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;

  // Empty fields stay out of the URL, so the permalink of a search stays short and readable.
  function dropEmpty() {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "checkbox" && !el.value) el.disabled = true;
    });
  }
  form.addEventListener("submit", dropEmpty);
  // Coming back through the back button restores the page as it was left: fields enabled again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
  });

  // A ticked facet applies at once. Dates still wait for the button: typing a year digit by digit
  // would otherwise send a search for the year 0002.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.type !== "checkbox" || el.form !== form) return;
    try { sessionStorage.setItem("search-focus", el.name + "=" + el.value); } catch (e) { /* private mode */ }
    dropEmpty();
    form.submit();
  });

  // Keep the keyboard where it was: focus the box that was just ticked on the new page.
  var wanted = null;
  try { wanted = sessionStorage.getItem("search-focus"); sessionStorage.removeItem("search-focus"); } catch (e) { /* ignore */ }
  if (wanted) {
    var i = wanted.indexOf("=");
    var boxes = document.querySelectorAll('input[type="checkbox"][name="' + wanted.slice(0, i) + '"]');
    Array.prototype.forEach.call(boxes, function (box) { if (box.value === wanted.slice(i + 1)) box.focus(); });
  }

  // On a phone the filters start folded so the results come first, unless some are in use.
  var panel = document.querySelector(".facets-panel");
  if (panel && window.matchMedia("(max-width: 47.99rem)").matches && !document.querySelector(".facets input:checked")) {
    panel.open = false;
  }
})();
