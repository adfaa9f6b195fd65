// The story form tells the server it is still open, every 15 seconds (the
// setting NEWSROOM_PRESENCE_SECONDS, drawn as data-every), and shows who else
// has the story open and whether someone took it over from this editor
// (articles/presence.py). "Take over this story" is sent without leaving the
// page, so nothing typed is lost. Polling, from this file only: the
// Content-Security-Policy needs nothing new.
"use strict";
{
  function post(url, token, accept) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    return fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: accept || "application/json" },
    }).then((response) => (response.ok ? response.json() : null));
  }

  function show(box, text, answer) {
    text.textContent = answer.others;
    box.hidden = !answer.others;
    const told = document.getElementById("story-taken-over");
    if (told && told.textContent !== answer.taken_over) {
      told.textContent = answer.taken_over;
      told.hidden = !answer.taken_over;
    }
  }

  window.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("story-presence");
    const text = document.getElementById("story-presence-text");
    const token = document.querySelector("#article_form [name=csrfmiddlewaretoken]");
    if (!box || !text || !token) {
      return;
    }
    const report = () =>
      post(box.dataset.url, token.value)
        .then((answer) => answer && show(box, text, answer))
        .catch(() => {}); // offline for a moment: the next report tries again
    const every = 1000 * (Number(box.dataset.every) || 15);
    window.setInterval(report, every);

    const takeOver = document.getElementById("story-take-over");
    if (takeOver) {
      takeOver.addEventListener("submit", (event) => {
        event.preventDefault();
        post(takeOver.action, token.value)
          .then((answer) => {
            if (answer) {
              text.textContent = answer.said;
              takeOver.hidden = true;
            }
          })
          .catch(() => takeOver.submit()); // then the page way, reloading the form
      });
    }
  });
}
