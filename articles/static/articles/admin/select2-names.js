// An admin autocomplete box (select2) names its text box after its field.
//
// select2 draws the chosen value in a span with role="textbox" whose only name is
// the value's title: an empty box has none, and a screen reader says nothing.
// Here each such span is named like its <select>: its aria-label, its <label>, or
// the prompt it shows. Loaded after the admin's autocomplete.js, so it runs once
// that has drawn the boxes (jQuery runs ready handlers in order), and after it for
// a new inline row.
"use strict";
{
  function nameOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    return select.dataset.placeholder || "";
  }

  function nameBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const box = document.getElementById(`select2-${select.id}-container`);
      const name = nameOf(select);
      if (box && name && !box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", name);
      }
    });
  }

  django.jQuery(() => nameBoxes(document));
  document.addEventListener("formset:added", (event) => nameBoxes(event.target));
}
