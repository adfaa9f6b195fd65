// The body editor (articles/body_editor.py): the editable area is named after
// the field's label for screen readers; and the story search: type words of a
// headline, get our stories with their link address ("story:<id>") and a button
// that copies it for the editor's link dialog. No inline script (CSP).
"use strict";
(function () {
  function show(list, results) {
    list.replaceChildren();
    for (const story of results) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Copy " + story.href;
      button.addEventListener("click", function () {
        if (navigator.clipboard) navigator.clipboard.writeText(story.href);
        button.textContent = "Copied " + story.href;
      });
      item.append(story.headline + " (" + story.state + ") ", button);
      list.append(item);
    }
    if (!results.length) {
      const item = document.createElement("li");
      item.textContent = "No story found.";
      list.append(item);
    }
  }

  function wire(box) {
    const input = box.querySelector("input[type=search]");
    const list = box.querySelector(".story-link-results");
    let timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const words = input.value.trim();
      if (words.length < 2) {
        list.replaceChildren();
        return;
      }
      timer = setTimeout(function () {
        const url = box.dataset.searchUrl + "?q=" + encodeURIComponent(words);
        fetch(url, { credentials: "same-origin" })
          .then(function (answer) { return answer.ok ? answer.json() : { results: [] }; })
          .then(function (data) { show(list, data.results); });
      }, 250);
    });
  }

  // django-prose-editor puts its editable area beside the textarea, which it
  // hides: the area gets the textarea's name (its aria-label) once it exists.
  // Returns whether every editor on the page has its name.
  function nameEditors() {
    let done = true;
    document.querySelectorAll("textarea[data-django-prose-editor-configurable]")
      .forEach(function (textarea) {
        const area = textarea.parentElement.querySelector(".ProseMirror");
        if (!area) {
          done = false;
        } else if (!area.hasAttribute("aria-label")) {
          area.setAttribute("aria-label", textarea.getAttribute("aria-label"));
          area.setAttribute("aria-multiline", "true");
        }
      });
    return done;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".story-link-finder").forEach(wire);
    if (!nameEditors()) {
      const observer = new MutationObserver(function () {
        if (nameEditors()) observer.disconnect();
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }
  });
})();
