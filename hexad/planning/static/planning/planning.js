// Planning pages: progressive enhancements only; every page works without this script.
(function () {
  "use strict";

  // A plan row edited in place: Escape restores the row (its Cancel link, which puts
  // focus back on the row's "Edit" link).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var form = event.target.closest("form.row-edit");
    var cancel = form && form.querySelector(".row-cancel");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  // The review form's attendees of ours: a combobox that searches all our people (the
  // list comes from the server through HTMX) and shows the chosen ones as removable
  // chips. The plain multiple select stays in the form as the value that is sent; without
  // this script it is the field itself, listing the account's team.
  function picker(root) {
    var select = root.querySelector(".picker-fallback select");
    var box = root.querySelector(".picker");
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var chips = root.querySelector(".chips");
    var status = root.querySelector("[data-picker-status]");
    if (!select || !box || !input || !list || !chips) return;
    box.hidden = false;
    root.querySelector(".picker-fallback").hidden = true;
    if (select.hasAttribute("autofocus")) input.focus();

    function say(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }
    function chosen(value) {
      var option = select.querySelector('option[value="' + value + '"]');
      return option && option.selected;
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
    function pick(option) {
      var value = option.dataset.value;
      var label = option.dataset.label;
      if (chosen(value)) return drop(value, label, chips.querySelector('[data-value="' + value + '"]'), true);
      var existing = select.querySelector('option[value="' + value + '"]');
      if (!existing) {
        existing = new Option(label, value);
        select.appendChild(existing);
      }
      existing.selected = true;
      chip(value, label);
      input.value = "";
      open(false);
      say(label + " " + root.dataset.added + ".");
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
      if (option.selected) chip(option.value, option.text.replace(/ \(.*\)$/, ""));
    });

    input.addEventListener("keydown", function (event) {
      var all = options();
      var current = active();
      var index = all.indexOf(current);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && all.length) open(true);
        if (!all.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(all[(index + step + all.length) % all.length]);
      } else if (event.key === "Enter") {
        event.preventDefault(); // never sends the review half-chosen
        if (current && !list.hidden) pick(current);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          open(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      } else if (event.key === "Backspace" && !input.value && chips.lastElementChild) {
        chips.lastElementChild.querySelector("button").focus();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(function () { if (!root.contains(document.activeElement)) open(false); }, 150);
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) pick(option);
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target !== list) return;
      var all = options();
      all.forEach(function (o) { o.setAttribute("aria-selected", chosen(o.dataset.value) ? "true" : "false"); });
      open(list.children.length > 0 && document.activeElement === input);
      activate(null);
      if (all.length === 1) say(root.dataset.foundOne);
      else if (all.length) say(root.dataset.foundMany.replace("{count}", all.length));
      else if (list.children.length) say(list.textContent);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-attendee-picker]"), picker);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
