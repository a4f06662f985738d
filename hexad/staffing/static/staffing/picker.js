// The team designer's type-ahead (the pattern of the review form's attendee picker):
// a combobox whose list of matches comes from the server through HTMX. Progressive
// enhancement only; every form works without this script.
//
// [data-lookup]        one object: a hidden input keeps the chosen id, the text box shows
//                      its name (without the script the typed name is looked up).
// [data-multi-picker]  several: the chosen ones are removable chips; the plain multiple
//                      select stays in the form as the value that is sent.
(function () {
  "use strict";

  var status = document.querySelector("[data-picker-status]");

  function say(text) {
    if (!status || !text) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // Keyboard, mouse and HTMX handling shared by both kinds; `pick(option)` chooses one,
  // `isChosen(value)` marks the options already chosen.
  function combobox(input, list, pick, isChosen, closeOnEnter) {
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
    function choose(option) {
      pick(option);
      open(false);
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
        } else if (closeOnEnter) {
          event.preventDefault(); // never sends the form half-chosen
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        open(false);
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
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== list) return;
      var all = options();
      all.forEach(function (o) {
        o.setAttribute("aria-selected", isChosen(o.dataset.value) ? "true" : "false");
      });
      open(list.children.length > 0 && document.activeElement === input);
      activate(null);
      if (!status) return;
      if (all.length === 1) say(status.dataset.foundOne);
      else if (all.length) say(status.dataset.foundMany.replace("{count}", all.length));
      else if (list.children.length) say(list.textContent);
    });
  }

  function lookup(root) {
    var hidden = root.querySelector("[data-lookup-value]");
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    if (!hidden || !input || !list) return;
    input.addEventListener("input", function () { hidden.value = ""; });
    combobox(
      input,
      list,
      function (option) {
        hidden.value = option.dataset.value;
        input.value = option.dataset.label;
        say(option.dataset.label);
      },
      function (value) { return hidden.value === value; },
      false
    );
  }

  function multiPicker(root) {
    var select = root.querySelector(".picker-fallback select");
    var box = root.querySelector(".picker");
    var input = box && box.querySelector("[role=combobox]");
    var list = box && box.querySelector("[role=listbox]");
    var chips = box && box.querySelector(".chips");
    if (!select || !input || !list || !chips) return;
    box.hidden = false;
    root.querySelector(".picker-fallback").hidden = true;
    if (select.hasAttribute("autofocus")) input.focus();

    function chosen(value) {
      var option = select.querySelector('option[value="' + value + '"]');
      return Boolean(option && option.selected);
    }
    function chip(value, label) {
      var item = document.createElement("li");
      item.className = "chip";
      item.dataset.value = value;
      var name = document.createElement("span");
      name.textContent = label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", root.dataset.remove + " " + label);
      remove.addEventListener("click", function () { drop(value, label, item); });
      item.appendChild(name);
      item.appendChild(remove);
      chips.appendChild(item);
    }
    function drop(value, label, item, keepFocus) {
      var option = select.querySelector('option[value="' + value + '"]');
      if (option) option.selected = false;
      var next = item && (item.nextElementSibling || item.previousElementSibling);
      if (item) item.remove();
      if (!keepFocus && next) next.querySelector("button").focus();
      else input.focus();
      say(label + " " + root.dataset.removed + ".");
    }

    Array.prototype.forEach.call(select.options, function (option) {
      if (option.selected) chip(option.value, option.text);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Backspace" && !input.value && chips.lastElementChild) {
        chips.lastElementChild.querySelector("button").focus();
      }
    });
    combobox(
      input,
      list,
      function (option) {
        var value = option.dataset.value;
        var label = option.dataset.label;
        if (chosen(value)) {
          drop(value, label, chips.querySelector('[data-value="' + value + '"]'), true);
          return;
        }
        var existing = select.querySelector('option[value="' + value + '"]');
        if (!existing) {
          existing = new Option(label, value);
          select.appendChild(existing);
        }
        existing.selected = true;
        chip(value, label);
        input.value = "";
        say(label + " " + root.dataset.added + ".");
      },
      chosen,
      true
    );
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lookup]"), lookup);
    Array.prototype.forEach.call(document.querySelectorAll("[data-multi-picker]"), multiPicker);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
