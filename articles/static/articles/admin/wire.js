/* The Wire screen: new items appear without a reload.
 *
 * Every 15 seconds (not while the tab is hidden) it asks the poll endpoint, with the
 * list's own filters, for items that came in or changed since the page was drawn,
 * adds new rows at the top of the list, updates the state of rows already shown,
 * and says "N new items" in the page's live region for screen readers. Text goes
 * into the page as text (textContent), never as HTML.
 */
function wireScreen() {
  "use strict";
  var screen = document.getElementById("wire-screen");
  var live = document.getElementById("wire-live");
  if (!screen || !live) {
    return;
  }
  var since = screen.getAttribute("data-since");
  var query = screen.getAttribute("data-query");
  var base = screen.getAttribute("data-poll").replace(/0\/$/, "");
  var INTERVAL = 15000;
  var COLUMNS = ["received", "agency", "urgency", "headline", "version", "keywords",
    "language", "state", "also"];

  function cell(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  function row(item) {
    var tr = document.createElement("tr");
    tr.className = "wire-new-row";
    tr.setAttribute("data-item", item.id);
    var checkbox = document.querySelector("#result_list tbody td.action-checkbox");
    if (checkbox) {
      var box = document.createElement("td");
      box.className = "action-checkbox";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.name = "_selected_action";
      input.value = item.id;
      input.className = "action-select";
      input.setAttribute("aria-label", "Select this item for an action");
      box.appendChild(input);
      tr.appendChild(box);
    }
    COLUMNS.forEach(function (name) {
      var td = document.createElement("td");
      td.className = "field-" + ({ agency: "agency_name", urgency: "urgency_mark",
        headline: "headline_link", state: "state_mark" }[name] || name);
      if (name === "headline") {
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.headline;
        td.appendChild(link);
      } else if (name === "urgency" && (item.urgency === "Flash" || item.urgency === "Urgent")) {
        td.appendChild(cell("strong", "wire-urgency wire-urgency-" +
          (item.urgency === "Flash" ? "1" : "2"), item.urgency.toUpperCase()));
      } else if (name === "state") {
        td.appendChild(cell("span", "wire-state wire-state-new", item.state));
      } else if (name === "also") {
        td.textContent = "";
      } else {
        td.textContent = item[name] || "";
      }
      tr.appendChild(td);
    });
    return tr;
  }

  /* A list that was empty when drawn has no table yet: give it one. */
  function emptyList() {
    var table = document.createElement("table");
    table.id = "result_list";
    var caption = document.createElement("caption");
    caption.textContent = "New items";
    table.appendChild(caption);
    var body = document.createElement("tbody");
    table.appendChild(body);
    screen.parentNode.insertBefore(table, screen.nextSibling);
    return body;
  }

  function rowOf(id) {
    var key = String(Number(id));
    var input = document.querySelector(
      "#result_list input.action-select[value='" + key + "']");
    return input ? input.closest("tr") :
      document.querySelector("tr[data-item='" + key + "']");
  }

  function shown(id) {
    return rowOf(id) !== null;
  }

  function showChanges(changed) {
    changed.forEach(function (change) {
      var tr = rowOf(change.id);
      if (!tr) {
        return;
      }
      var state = tr.querySelector(".field-state_mark");
      if (state) {
        state.textContent = "";
        var mark = cell(change.story ? "a" : "span",
          "wire-state wire-state-" + change.css, change.state);
        if (change.story) {
          mark.href = change.story;  /* a taken item leads to its story */
          mark.title = "Open the story";
        }
        state.appendChild(mark);
      }
    });
  }

  function poll() {
    if (document.hidden) {
      return;
    }
    var url = base + encodeURIComponent(since) + "/" +
      (query ? "?" + query : "");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          return;
        }
        since = data.now;
        var body = document.querySelector("#result_list tbody");
        if (!body && data.items.length) {
          body = emptyList();
        }
        var fresh = data.items.filter(function (item) { return !shown(item.id); });
        if (fresh.length && body) {
          for (var i = fresh.length - 1; i >= 0; i--) {
            body.insertBefore(row(fresh[i]), body.firstChild);
          }
        }
        if (fresh.length) {
          live.textContent = fresh.length === 1 ? "1 new item" :
            fresh.length + " new items";
        }
        showChanges(data.changed);
      })
      .catch(function () { /* the next poll tries again */ });
  }

  window.setInterval(poll, Number(screen.getAttribute("data-interval")) || INTERVAL);
}

// The admin loads a screen's scripts in the head: start once the list is there.
document.addEventListener("DOMContentLoaded", wireScreen);
