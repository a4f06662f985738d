// Hexad's type-ahead picker: a text box that asks the server for matching options and
// lets the user choose with the keyboard or the mouse. Progressive enhancement only:
// every form works without this script.
//
// The markup says what a picker does; this script reads it from the element carrying
// `data-picker` (the picker's root):
//
//   data-picker="many"     several may be chosen. The root holds the plain multiple
//                          <select> (the value that is sent; the field itself without this
//                          script) inside `.picker-fallback`, and a hidden `.picker` box
//                          holding the text box, the list and a `.chips` list. The script
//                          shows the box, hides the fallback and keeps the select's
//                          selection in step with the chips.
//   data-picker="one"      one object: an <input type=hidden> keeps the chosen id and the
//                          text box shows its name (without the script the typed name is
//                          sent and looked up by the server).
//   data-picker-url        where to search: a GET answered with <li role="option"
//                          id=… data-value="id" data-label="name"> elements (or one
//                          role="presentation" item saying nothing matches). The text box's
//                          own name and value are sent, through HTMX.
//   data-picker-field      the name of the field that is sent (the select, or the hidden
//                          input).
//   data-picker-chip-label how a chip is labelled for an option already chosen when the
//                          page loads: "text" (the default), the option's text as it is;
//                          "before-bracket", its text without a trailing " (…)" note, so
//                          "Marta Nowak (team)" becomes "Marta Nowak".
//
// Inside the root: the text box is [role=combobox] (with aria-controls naming the list,
// aria-expanded and aria-autocomplete in the markup) and the list is [role=listbox] with an
// id. The words spoken and shown come from the markup too, already translated:
// data-remove (the chip button's label: "Remove …"), data-added and data-removed (said after
// a chip's name), data-found-one and data-found-many (said when matches arrive;
// "{count}" stands for their number). Each is read from the root, else from the live
// region: a [data-picker-status] element inside the root, else the page's first one (a page
// with several pickers may share one region and declare the found-… words once on it).
//
// Keyboard: Down and Up move through the matches (opening the list), Enter chooses the
// active match (with several, Enter never sends the form half-chosen), Escape closes the
// list or, when it is closed, empties the text box; with several, Backspace in the empty
// text box moves to the last chip's remove button. Choosing a match chosen already
// removes it again (aria-selected marks the chosen matches).
(function () {
  "use strict";

  var SEARCH = {
    "hx-trigger": "input changed delay:200ms",
    "hx-swap": "innerHTML",
    "hx-sync": "this:replace",
  };

  function picker(root) {
    var many = root.dataset.picker === "many";
    var field = root.dataset.pickerField || "";
    var url = root.dataset.pickerUrl;
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-picker-status]") || document.querySelector("[data-picker-status]");
    var store = root.querySelector((many ? "select" : "input[type=hidden]") + '[name="' + CSS.escape(field) + '"]');
    var chips = root.querySelector(".chips");
    if (!window.htmx || !url || !input || !list || !list.id || !store || (many && !chips)) return;

    for (var name in SEARCH) input.setAttribute(name, SEARCH[name]);
    input.setAttribute("hx-get", url);
    input.setAttribute("hx-target", "#" + CSS.escape(list.id));
    window.htmx.process(input);

    if (many) {
      var box = root.querySelector(".picker");
      var fallback = root.querySelector(".picker-fallback");
      if (box) box.hidden = false;
      if (fallback) fallback.hidden = true;
      if (store.hasAttribute("autofocus")) input.focus();
      Array.prototype.forEach.call(store.options, function (option) {
        if (option.selected) chip(option.value, chipLabel(option.text));
      });
    } else {
      input.addEventListener("input", function () { store.value = ""; });
    }

    // --- what is said ------------------------------------------------------------------
    function words(key) {
      return root.dataset[key] || (status && status.dataset[key]) || "";
    }
    function say(text) {
      if (!status || !text) return;
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
    function chipLabel(text) {
      return root.dataset.pickerChipLabel === "before-bracket" ? text.replace(/ \(.*\)$/, "") : text;
    }

    // --- what is chosen ----------------------------------------------------------------
    function selectOption(value) {
      return store.querySelector('option[value="' + CSS.escape(value) + '"]');
    }
    function chosen(value) {
      if (!many) return store.value === value;
      var option = selectOption(value);
      return Boolean(option && option.selected);
    }
    function chip(value, label) {
      var item = document.createElement("li");
      item.className = "chip";
      item.dataset.value = value;
      var text = document.createElement("span");
      text.textContent = label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", words("remove") + " " + label);
      remove.addEventListener("click", function () { drop(value, label, item); });
      item.appendChild(text);
      item.appendChild(remove);
      chips.appendChild(item);
    }
    // Removes a chip; focus goes to the next chip's button, else back to the text box.
    function drop(value, label, item, keepFocus) {
      var option = selectOption(value);
      if (option) option.selected = false;
      var next = item && (item.nextElementSibling || item.previousElementSibling);
      if (item) item.remove();
      if (!keepFocus && next) next.querySelector("button").focus();
      else input.focus();
      say(label + " " + words("removed") + ".");
    }
    function choose(option) {
      var value = option.dataset.value;
      var label = option.dataset.label;
      open(false);
      if (!many) {
        store.value = value;
        input.value = label;
        say(label);
      } else if (chosen(value)) {
        drop(value, label, chips.querySelector('[data-value="' + CSS.escape(value) + '"]'), true);
      } else {
        var existing = selectOption(value);
        if (!existing) {
          existing = new Option(label, value);
          store.appendChild(existing);
        }
        existing.selected = true;
        chip(value, label);
        input.value = "";
        say(label + " " + words("added") + ".");
      }
    }

    // --- the list of matches -----------------------------------------------------------
    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }
    function open(yes) {
      list.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) input.removeAttribute("aria-activedescendant");
    }
    function active() {
      return list.querySelector("[role=option].active");
    }
    function activate(option) {
      options().forEach(function (o) { o.classList.remove("active"); });
      if (!option) return input.removeAttribute("aria-activedescendant");
      option.classList.add("active");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("keydown", function (event) {
      var all = options();
      var current = active();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && all.length) open(true);
        if (!all.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(all[(all.indexOf(current) + step + all.length) % all.length]);
      } else if (event.key === "Enter") {
        if (current && !list.hidden) {
          event.preventDefault();
          choose(current);
        } else if (many) {
          event.preventDefault(); // never sends the form half-chosen
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          open(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          list.replaceChildren();
          if (!many) store.value = "";
        }
      } else if (many && event.key === "Backspace" && !input.value && chips.lastElementChild) {
        chips.lastElementChild.querySelector("button").focus();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { if (document.activeElement !== input) open(false); }, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    list.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== list) return;
      var all = options();
      all.forEach(function (o) { o.setAttribute("aria-selected", chosen(o.dataset.value) ? "true" : "false"); });
      open(list.children.length > 0 && document.activeElement === input);
      activate(null);
      if (all.length === 1) say(words("foundOne"));
      else if (all.length) say(words("foundMany").replace("{count}", all.length));
      else if (list.children.length) say(list.textContent);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), picker);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
