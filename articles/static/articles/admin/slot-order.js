// The arrangement screen's slots in the order readers will see them, reordered
// with the "Move up" / "Move down" buttons (keyboard: Tab to one, Enter or Space)
// or by dragging a row's handle (mouse, pen or finger).
//
// The rows' order on the screen is the order: before each save (and after each
// move) the slots with a story get positions 0, 1, 2… in screen order, the first
// being the lead. A row without a story keeps the position it was drawn with, so
// Django still sees an untouched extra form and does not ask for its story.
// Without this script the position numbers stay visible and editable instead.
//
// Django's inlines.js renames every row by its place on the screen when a row is
// removed; the rows are put back in name order just before that (and in position
// order just after), so a saved slot never changes form number.
"use strict";
{
  const GROUP = "slots-group";

  function rows(group) {
    return [...group.querySelectorAll("tbody tr.form-row")].filter(
      (row) => !row.classList.contains("empty-form"),
    );
  }

  function positionInput(row) {
    return row.querySelector("input[name$='-position']");
  }

  function storyOf(row) {
    const select = row.querySelector("select[name$='-article']");
    if (!select || !select.value) {
      return "";
    }
    const option = select.options[select.selectedIndex];
    return (option && option.textContent.trim()) || "this story";
  }

  function formNumber(row) {
    const match = (positionInput(row)?.name || "").match(/-(\d+)-position$/);
    return match ? Number(match[1]) : 0;
  }

  function renumber(group) {
    let place = 0;
    for (const row of rows(group)) {
      const input = positionInput(row);
      const label = row.querySelector(".slot-place");
      if (!input) {
        continue;
      }
      if (storyOf(row)) {
        input.value = String(place);
        if (label) {
          label.textContent = place === 0 ? "Lead" : `Top ${place}`;
        }
        place += 1;
      } else {
        input.value = input.defaultValue;
        if (label) {
          label.textContent = "—";
        }
      }
    }
  }

  function sortBy(group, key) {
    const body = group.querySelector("tbody");
    const template = body.querySelector("tr.empty-form");
    const sorted = rows(group)
      .map((row, index) => ({ row, index, key: key(row) }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.index - b.index);
    for (const { row } of sorted) {
      body.insertBefore(row, template);
    }
    // Django's "add another" row stays last.
    const adder = body.querySelector("tr.add-row");
    if (adder) {
      body.appendChild(adder);
    }
  }

  // As saved: stories by position, rows without one after them.
  function byPosition(row) {
    const hasStory = storyOf(row) ? 0 : 1;
    return [hasStory, Number(positionInput(row)?.value || 0)];
  }

  function announce(group, text) {
    const status = group.querySelector(".slot-order-status");
    status.textContent = "";
    // A fresh text node each time, so the same words are read out again.
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  function move(group, row, step) {
    const all = rows(group);
    const at = all.indexOf(row);
    const to = at + step;
    const name = storyOf(row) || "This empty slot";
    if (to < 0 || to >= all.length) {
      announce(group, `${name} is already ${step < 0 ? "first" : "last"}.`);
      return;
    }
    // The neighbour moves round this row rather than the row itself: a moved
    // node loses the keyboard focus, and the editor's focus is on this row.
    const body = row.parentNode;
    const focused = document.activeElement;
    if (step < 0) {
      body.insertBefore(all[to], row.nextSibling);
    } else {
      body.insertBefore(all[to], row);
    }
    if (focused && document.activeElement !== focused) {
      focused.focus();
    }
    renumber(group);
    const place = row.querySelector(".slot-place").textContent;
    announce(group, `${name}: now ${place === "Lead" ? "the lead" : place}.`);
  }

  function button(text, className) {
    const made = document.createElement("button");
    made.type = "button";
    made.className = `slot-move ${className}`;
    made.textContent = text;
    return made;
  }

  function startDrag(group, row, event) {
    if (event.button !== 0) {
      return;
    }
    event.preventDefault();
    // Followed on the document: moving the row in the page ends any pointer
    // capture its handle had.
    row.classList.add("slot-dragging");
    const follow = (moveEvent) => {
      const others = rows(group).filter((other) => other !== row);
      const below = others.find((other) => {
        const box = other.getBoundingClientRect();
        return moveEvent.clientY < box.top + box.height / 2;
      });
      const body = row.parentNode;
      const anchor = below || body.querySelector("tr.empty-form");
      if (anchor !== row.nextSibling) {
        body.insertBefore(row, anchor);
      }
    };
    const stop = () => {
      document.removeEventListener("pointermove", follow);
      document.removeEventListener("pointerup", stop);
      document.removeEventListener("pointercancel", stop);
      row.classList.remove("slot-dragging");
      renumber(group);
      const name = storyOf(row);
      if (name) {
        const place = row.querySelector(".slot-place").textContent;
        announce(group, `${name}: now ${place === "Lead" ? "the lead" : place}.`);
      }
    };
    document.addEventListener("pointermove", follow);
    document.addEventListener("pointerup", stop);
    document.addEventListener("pointercancel", stop);
  }

  function equip(group, row) {
    const input = positionInput(row);
    if (!input || row.querySelector(".slot-controls")) {
      return;
    }
    input.type = "hidden";
    const controls = document.createElement("div");
    controls.className = "slot-controls";
    const handle = document.createElement("span");
    handle.className = "slot-handle";
    handle.title = "Drag to move";
    handle.setAttribute("aria-hidden", "true");
    handle.textContent = "⠿";
    const place = document.createElement("span");
    place.className = "slot-place";
    const up = button("Move up", "slot-up");
    const down = button("Move down", "slot-down");
    up.addEventListener("click", () => move(group, row, -1));
    down.addEventListener("click", () => move(group, row, 1));
    handle.addEventListener("pointerdown", (event) =>
      startDrag(group, row, event),
    );
    controls.append(handle, place, up, down);
    input.after(controls);
  }

  function setUp(group) {
    const status = document.createElement("p");
    status.className = "slot-order-status";
    status.setAttribute("role", "status");
    const help = document.createElement("p");
    help.className = "help slot-order-help";
    help.textContent =
      "The first story is the lead. Move a story with its Move up and Move down " +
      "buttons, or drag it by its handle (⠿).";
    const table = group.querySelector("table");
    table.before(help, status);
    // After a refused save the rows come back in form order: show them in the
    // order the editor had made.
    sortBy(group, byPosition);
    rows(group).forEach((row) => equip(group, row));
    renumber(group);

    document.addEventListener("formset:added", (event) => {
      if (group.contains(event.target)) {
        equip(group, event.target);
        renumber(group);
      }
    });
    document.addEventListener("formset:removed", () => {
      // Fired before inlines.js renames the rows by their place: put them in
      // name order first, then back in the editor's order.
      sortBy(group, (row) => [0, formNumber(row)]);
      window.setTimeout(() => {
        sortBy(group, byPosition);
        renumber(group);
      }, 0);
    });
    // The story boxes are select2 widgets, which announce a choice through
    // jQuery's events only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(group).on("change", "select", () => renumber(group));
    }
    group.addEventListener("change", () => renumber(group));
    group.closest("form").addEventListener("submit", () => renumber(group));
  }

  function init() {
    const group = document.getElementById(GROUP);
    if (group && group.querySelector("table")) {
      setUp(group);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
