// Autosave for the story form (articles/autosave.py): every few seconds (the
// setting NEWSROOM_AUTOSAVE_SECONDS, drawn as data-every) the form's fields are
// posted to the server while they differ from what the form opened with; when
// the editor puts everything back, the autosave is discarded. Nothing is sent
// once the form is being submitted: that save supersedes the autosave. The
// server keeps the story's own fields and its photo and people rows; the body
// is the textarea the rich-text editor writes into on every change. A form shown
// again after a refused save (data-unsaved) holds input not on file: it is kept
// at the first round, and never counts as "put back". Static file, no inline
// script: the Content-Security-Policy needs nothing new.
"use strict";
{
  function fields(form) {
    const data = new FormData(form);
    const kept = new URLSearchParams();
    for (const [name, value] of data) {
      // Files are uploaded only by a real save; buttons are not in FormData.
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        kept.append(name, value);
      }
    }
    return kept.toString();
  }

  window.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("story-autosave");
    const form = document.getElementById("article_form");
    const token = form && form.querySelector("[name=csrfmiddlewaretoken]");
    if (!box || !token) {
      return;
    }
    const state = document.getElementById("story-autosave-state");
    // What is on file, as the form showed it (unknown on a refused save's form).
    const opened = "unsaved" in box.dataset ? null : fields(form);
    let sent = opened;
    let submitting = false;
    form.addEventListener("submit", () => {
      submitting = true;
    });

    function send(url, body) {
      body.append("csrfmiddlewaretoken", token.value);
      return fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        // Lets the last post outlive a closing tab (browsers allow it under 64 kB).
        keepalive: body.toString().length < 60000,
      });
    }

    function keep() {
      const now = fields(form);
      if (submitting || now === sent) {
        return;
      }
      const body = new URLSearchParams(now);
      const url = now === opened ? box.dataset.discardUrl : box.dataset.url;
      send(url, body)
        .then((response) => {
          if (!response.ok) {
            return;
          }
          sent = now;
          if (response.status === 204) {
            state.textContent = "";
            return;
          }
          return response.json().then((answer) => {
            state.textContent = answer.saved;
          });
        })
        .catch(() => {}); // offline for a moment: the next round tries again
    }

    const every = 1000 * (Number(box.dataset.every) || 5);
    window.setInterval(keep, every);
    // A tab being closed or hidden gets one last chance to keep what was typed.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        keep();
      }
    });
  });
}
