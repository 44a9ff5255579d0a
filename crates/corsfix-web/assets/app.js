// corsfix: progressive enhancement. Every form works without this file (plain GET, results
// rendered by the server). With it, results update as you type: the script asks the server for
// the result part of the page (`/result?<the form>`, the same templates), swaps it in, and keeps
// the address bar on the form so a result stays a link. It also remembers the framework you
// picked (localStorage), folds long files behind "Show all", and adds Copy and Wrap buttons.
"use strict";

(function () {
  const STORE = "corsfix.target";
  const FOLD_OVER = 45; // lines; a folded file shows 30 (style.css)

  function stored() {
    try { return localStorage.getItem(STORE); } catch (e) { return null; }
  }
  function remember(value) {
    try { localStorage.setItem(STORE, value); } catch (e) { /* private mode: the URL still carries it */ }
  }

  function errorBox(message) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    return p;
  }

  // The form's fields, including controls tied to it with form= (the picker in a result).
  function params(form) {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) p.set(k, String(v));
    if (!p.has("target") && stored() !== null && form.dataset.live !== "check") p.set("target", stored());
    return p;
  }

  function enhance(form) {
    const mode = form.dataset.live;
    const result = document.getElementById(mode + "-result");
    if (!result) return;
    let seq = 0;
    let timer = null;
    async function run() {
      const mine = ++seq;
      const p = params(form);
      history.replaceState(null, "", "?" + p.toString());
      result.setAttribute("aria-busy", "true");
      try {
        const resp = await fetch("/result?" + p.toString(), { headers: { Accept: "text/html" } });
        const html = await resp.text();
        if (mine !== seq) return; // a newer request is on its way
        const doc = new DOMParser().parseFromString(html, "text/html");
        // A field in the result the visitor is typing in keeps what they typed (the answer may
        // have been asked for before the last keys), and its caret.
        const active = result.contains(document.activeElement) ? document.activeElement : null;
        const kept = active && active.id ? {
          id: active.id,
          value: "value" in active ? active.value : null,
          start: active.selectionStart,
          end: active.selectionEnd,
        } : null;
        if (resp.ok) {
          result.replaceChildren(...doc.body.childNodes);
        } else {
          const why = doc.querySelector("main p");
          result.replaceChildren(errorBox(why ? why.textContent : "The server answered " + resp.status));
        }
        wire(result);
        const again = kept && document.getElementById(kept.id);
        if (again) {
          if (kept.value !== null && again.value !== kept.value) again.value = kept.value;
          again.focus();
          if (typeof kept.start === "number" && again.setSelectionRange) {
            try { again.setSelectionRange(kept.start, kept.end); } catch (e) { /* not a text field */ }
          }
        }
      } catch (e) {
        if (mine === seq) result.replaceChildren(errorBox("Could not reach the corsfix server: " + e.message));
      } finally {
        if (mine === seq) result.removeAttribute("aria-busy");
      }
    }
    const later = (ms) => { clearTimeout(timer); timer = setTimeout(run, ms); };
    form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); run(); });
    if (form.hasAttribute("data-submit-only")) return; // Check sends real requests: only on the button
    form.addEventListener("input", () => later(300));
    form.addEventListener("change", () => later(50));
    // The picker inside the result belongs to this form but sits outside it.
    result.addEventListener("change", (ev) => { if (ev.target.form === form) later(0); });
    const note = form.querySelector(".js-note");
    if (note) note.hidden = false;
  }

  // ---- code blocks: copy, wrap, fold ----
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement("textarea");
    area.className = "visually-hidden";
    area.setAttribute("aria-hidden", "true");
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  function wire(root) {
    for (const btn of root.querySelectorAll("button.copy")) {
      btn.hidden = false;
      if (btn.dataset.wired) continue;
      btn.dataset.wired = "1";
      btn.addEventListener("click", async () => {
        const target = document.getElementById(btn.dataset.copy);
        if (!target) return;
        try {
          await copyText(target.textContent);
          btn.textContent = "Copied";
          btn.classList.add("done");
        } catch (e) {
          btn.textContent = "Press Ctrl+C";
          const range = document.createRange();
          range.selectNodeContents(target);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        setTimeout(() => { btn.textContent = "Copy"; btn.classList.remove("done"); }, 2000);
      });
    }
    for (const btn of root.querySelectorAll("button.wrap")) {
      const pre = document.getElementById(btn.dataset.wrap);
      // Only where a line is wider than the block.
      btn.hidden = !pre || (pre.scrollWidth <= pre.clientWidth && !pre.classList.contains("wrapped"));
      if (btn.dataset.wired) continue;
      btn.dataset.wired = "1";
      btn.addEventListener("click", () => {
        if (!pre) return;
        const on = pre.classList.toggle("wrapped");
        btn.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    for (const pre of root.querySelectorAll("pre.code[data-lines]")) {
      const lines = Number(pre.dataset.lines);
      if (pre.dataset.folded || lines <= FOLD_OVER) continue;
      pre.dataset.folded = "1";
      pre.classList.add("folded");
      const more = document.createElement("button");
      more.type = "button";
      more.className = "unfold secondary";
      more.textContent = "Show all " + lines + " lines";
      more.setAttribute("aria-controls", pre.id);
      more.addEventListener("click", () => { pre.classList.remove("folded"); more.remove(); });
      pre.after(more);
    }
  }

  // ---- the framework picker: remembered across visits ----
  function restoreTarget() {
    if (new URLSearchParams(location.search).has("target")) return;
    const want = stored();
    const select = document.querySelector("select.target-picker");
    if (want === null || !select || select.value === want) return;
    if (![...select.options].some((o) => o.value === want)) return;
    select.value = want;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function wireSearch() {
    const search = document.getElementById("target-search");
    const select = document.getElementById("target");
    if (!search || !select) return;
    search.hidden = false;
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      let first = null;
      for (const opt of select.options) {
        const hit = !q || (opt.dataset.search || opt.textContent.toLowerCase()).includes(q);
        opt.hidden = !hit;
        if (hit && !first) first = opt;
      }
      if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.classList.add("js");
    document.addEventListener("change", (ev) => {
      if (ev.target.matches && ev.target.matches("select.target-picker")) remember(ev.target.value);
    }, true);
    for (const form of document.querySelectorAll("form[data-live]")) enhance(form);
    const har = document.getElementById("har-file");
    if (har) har.addEventListener("change", () => { if (har.files.length) har.form.requestSubmit(); });
    wire(document);
    wireSearch();
    restoreTarget();
  });
})();
