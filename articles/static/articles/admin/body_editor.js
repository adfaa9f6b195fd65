// The body editor (articles/body_editor.py). django-prose-editor announces each
// editor it makes with a "prose-editor:ready" event carrying the Tiptap editor;
// this file then
// - names the editable area after the field (its textarea's aria-label, and the
//   help under the editor) for screen readers;
// - adds a search to the editor's own dialogs, where the editor already is when
//   making a link or a figure: in the link dialog, "find one of our stories by
//   headline" sets the address to story:<id> (readers get the story's current
//   address); in the "Insert Figure" dialog, "find a photo in the library"
//   inserts the picked library photo as a figure holding its id (the reference
//   the server stores), with its thumbnail, caption and credit.
// Each search is a combobox over a listbox (WAI-ARIA's pattern: arrow keys move
// through the results, Enter picks, Escape closes the list). No inline script
// (CSP): the dialogs are built by the library, this only adds elements to them.
"use strict";
(function () {
  let count = 0;

  function make(tag, properties, attributes) {
    const element = Object.assign(document.createElement(tag), properties || {});
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, value);
    }
    return element;
  }

  // A search field for a dialog: the typed words go to `url` (?q=…), the
  // answer's results are listed by `describe(result)`, and the one picked is
  // handed to `pick(result)`, whose return is announced.
  function picker(url, label, help, describe, pick) {
    const id = "body-picker-" + ++count;
    const input = make("input", { id: id, type: "text", autocomplete: "off" }, {
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": id + "-list",
      "aria-describedby": id + "-status",
    });
    const list = make("ul", { id: id + "-list", className: "body-picker__list", hidden: true }, {
      role: "listbox",
      "aria-label": label,
    });
    // Says how many were found and what was picked (a live region).
    const status = make("p", { id: id + "-status", className: "help body-picker__status", textContent: help }, {
      role: "status",
    });
    const field = make("div", { className: "prose-editor-dialog-field body-picker" });
    field.append(make("label", { htmlFor: id, textContent: label }), input, list, status);

    let results = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      if (active >= 0 && list.children[active]) {
        list.children[active].setAttribute("aria-selected", "false");
      }
      active = -1;
    }

    function open() {
      if (!results.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function move(to) {
      const options = list.children;
      if (!options.length) return;
      open();
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = (to + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      const result = results[index];
      close();
      if (result) status.textContent = pick(result) || "";
    }

    function show(found) {
      results = found;
      close();
      list.replaceChildren();
      found.forEach(function (result, index) {
        const option = make("li", {
          id: id + "-option-" + index,
          className: "body-picker__option",
          textContent: describe(result),
        }, { role: "option", "aria-selected": "false" });
        // A pointer may pick too; the focus stays in the search field.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(index); });
        list.append(option);
      });
      status.textContent = found.length
        ? found.length + " found: arrow keys to go through them, Enter to pick."
        : "Nothing found.";
      open();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      const words = input.value.trim();
      if (words.length < 2) {
        show([]);
        status.textContent = help;
        return;
      }
      timer = setTimeout(function () {
        const mine = ++asked;
        fetch(url + "?q=" + encodeURIComponent(words), { credentials: "same-origin" })
          .then(function (answer) {
            if (!answer.ok) throw new Error("The search failed (" + answer.status + ").");
            return answer.json();
          })
          .then(function (data) { if (mine === asked) show(data.results); })
          .catch(function (error) {
            if (mine === asked) { show([]); status.textContent = error.message; }
          });
      }, 200);
    });

    input.addEventListener("keydown", function (event) {
      const listed = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(active - 1);
      } else if (event.key === "Enter" && listed) {
        // Enter picks; it does not submit the dialog while the list is open.
        event.preventDefault();
        if (active >= 0) choose(active);
      } else if (event.key === "Escape" && listed) {
        // Escape closes the list first, the dialog on a second press.
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    input.addEventListener("blur", close);
    return { field: field, input: input };
  }

  function storySearch(dialog, textarea) {
    const href = dialog.querySelector("input[name=href]");
    const search = picker(
      textarea.dataset.storySearch,
      "Or find one of our stories by headline",
      "Type words of its headline, then pick it: the address becomes story:<number>.",
      function (story) { return story.headline + " (" + story.state + ")"; },
      function (story) {
        href.value = story.href;
        href.dispatchEvent(new Event("input", { bubbles: true }));
        return "The link goes to “" + story.headline + "” (" + story.href + "). " +
          "Press Enter or Update to make it.";
      },
    );
    href.closest(".prose-editor-dialog-field").after(search.field);
  }

  function photoSearch(dialog, textarea, editor) {
    const address = dialog.querySelector("input[name=imageUrl]");
    const search = picker(
      textarea.dataset.photoSearch,
      "Find a photo in the library",
      "Type words of its caption, credit or photographer, then pick it.",
      function (photo) {
        let text = photo.line || "Photo " + photo.id;
        if (photo.photographer && text.indexOf(photo.photographer) < 0) {
          text += " (photographer " + photo.photographer + ")";
        }
        // Publishing needs a credit on every body photo (issue 21): say so now.
        return photo.credit ? text : text + " (no credit yet: add one before publishing)";
      },
      function (photo) {
        const content = [{ type: "image", attrs: { src: photo.src, alt: photo.alt, file: String(photo.id) } }];
        content.push(photo.line
          ? { type: "caption", content: [{ type: "text", text: photo.line }] }
          : { type: "caption" });
        dialog.close();
        editor.chain().focus().insertContent({ type: "figure", content: content }).run();
        return "";
      },
    );
    address.closest(".prose-editor-dialog-field").before(search.field);
    // Picking from the library is this dialog's usual way: start there.
    search.input.focus();
  }

  // The dialogs (links, figures) are added beside the editable area when opened.
  function watchDialogs(editor, textarea) {
    new MutationObserver(function (records) {
      for (const record of records) {
        for (const node of record.addedNodes) {
          const dialog = node.querySelector && node.querySelector("dialog.prose-editor-dialog");
          if (!dialog || dialog.dataset.bodyPicker) continue;
          dialog.dataset.bodyPicker = "1";
          if (dialog.querySelector("input[name=href]") && textarea.dataset.storySearch) {
            storySearch(dialog, textarea);
          } else if (
            dialog.querySelector("input[name=imageUrl]") && textarea.dataset.photoSearch &&
            !editor.isActive("image") && !editor.isActive("figure")
          ) {
            photoSearch(dialog, textarea, editor);
          }
        }
      }
    }).observe(editor.view.dom.parentElement, { childList: true });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    const editor = event.detail.editor;
    const textarea = event.detail.textarea;
    if (!textarea.hasAttribute("data-story-search")) return;
    const area = editor.view.dom;
    area.setAttribute("aria-label", textarea.getAttribute("aria-label"));
    area.setAttribute("aria-multiline", "true");
    if (textarea.hasAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    watchDialogs(editor, textarea);
  });
})();
