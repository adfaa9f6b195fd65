// The body editor's story search (articles/body_editor.py): type words of a
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".story-link-finder").forEach(wire);
  });
})();
