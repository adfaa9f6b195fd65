// The story form tells the server it is still open, every 15 seconds (the
// setting NEWSROOM_PRESENCE_SECONDS, drawn as data-every), and shows
// who else has the story open (articles/presence.py). Polling, from this file
// only: the Content-Security-Policy needs nothing new.
"use strict";
{
  function report(box, token) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    fetch(box.dataset.url, { method: "POST", body, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (answer === null) {
          return;
        }
        box.textContent = answer.others;
        box.hidden = !answer.others;
      })
      .catch(() => {}); // offline for a moment: the next report tries again
  }

  window.addEventListener("DOMContentLoaded", () => {
    const box = document.getElementById("story-presence");
    const token = document.querySelector("#article_form [name=csrfmiddlewaretoken]");
    if (box && token) {
      const every = 1000 * (Number(box.dataset.every) || 15);
      window.setInterval(() => report(box, token.value), every);
    }
  });
}
