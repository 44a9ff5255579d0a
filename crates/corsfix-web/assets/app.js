// corsfix: progressive enhancement. Every form works without this file (plain GET, results
// rendered by the server); with it, results update as you type through the JSON API, the URL
// follows the form so the result stays shareable, and copy buttons work.
"use strict";

(function () {
  const BROWSERS = { chrome: "Chrome / Edge", firefox: "Firefox", safari: "Safari" };

  // Build an element; strings become text nodes (never HTML).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
    }
    return node;
  }
  const code = (t) => el("code", null, t);
  // Text with `backticked` code spans, as the server's `ticks` filter renders it.
  const ticks = (t) => String(t || "").split("`").map((part, i) => (i % 2 ? code(part) : part));

  function splitList(text) {
    return text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
  }

  function headerLines(text) {
    const out = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      const i = line.indexOf(":");
      if (i < 1) throw new Error("`" + line + "` is not a header line: write `Name: value`");
      out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
    return out;
  }

  // ---- renderers (mirror templates/macros.html) ----
  function verdicts(list) {
    return el("ul", { class: "verdicts", role: "list" }, list.map((v) =>
      el("li", { class: "verdict " + (v.allowed ? "ok" : "blocked"), "data-browser": v.browser },
        el("h4", null, el("span", { class: "browser" }, BROWSERS[v.browser] || v.browser),
          el("span", { class: "badge" }, v.allowed ? "✓ allowed" : "✗ blocked")),
        el("p", { class: "small" }, v.preflight_sent ? "Sends a preflight first." : "No preflight needed."),
        v.lines && v.lines.length ? [
          el("p", { class: "small" }, "Console", v.kind ? [" ", code(v.kind)] : null, ":"),
          v.lines.map((l) => el("pre", { class: "console" }, l)),
        ] : null)));
  }

  function headerList(pairs, empty, id) {
    if (!pairs || !pairs.length) return el("p", { class: "small" }, empty);
    const pre = el("pre", { class: "headers", id: id || null }, pairs.map((p) => p[0] + ": " + p[1] + "\n").join(""));
    if (!id) return pre;
    return el("div", { class: "copyable" }, el("button", { type: "button", class: "copy", "data-copy": id }, "Copy"), pre);
  }

  function codeFile(f, id) {
    const btn = el("button", { type: "button", class: "copy", "data-copy": id }, "Copy");
    return el("figure", { class: "file" },
      el("figcaption", null, el("span", null, code(f.path), f.placement ? [" ", el("span", { class: "small" }, ticks(f.placement))] : null), " ", btn),
      el("pre", { id: id, class: "code", tabindex: "0" }, code(f.contents)));
  }

  function diagnosis(d) {
    return el("div", { class: "diagnosis" },
      el("h3", null, d.headline),
      d.is_cors ? null : el("p", { class: "note" }, "This is not a CORS problem, even though it may look like one."),
      el("p", null, ticks(d.meaning)),
      d.causes.map((c, i) => el("section", { class: "cause" },
        el("h4", null, i === 0 && d.causes.length > 1 ? "Most likely: " : "", ticks(c.summary), " ",
          el("span", { class: "likelihood " + c.likelihood }, c.likelihood)),
        el("p", null, ticks(c.detail)),
        c.fix && c.fix.length ? [el("p", null, el("strong", null, "Fix:")), el("ol", null, c.fix.map((s) => el("li", null, ticks(s))))] : null,
        el("p", { class: "small" }, "Code: ", code(c.code)))),
      d.confirm_with ? el("p", null, "Confirm it with: ", code(d.confirm_with)) : null);
  }

  function explanation(x) {
    const out = [];
    if (x.recognized) {
      out.push(el("p", { class: "reading small" }, "Read as", x.browser ? " " + BROWSERS[x.browser] : "", ": ", code(x.kind),
        x.url ? [" · URL ", code(x.url)] : null,
        x.origin ? [" · page origin ", code(x.origin)] : null,
        x.status ? [" · status ", el("strong", null, String(x.status))] : null,
        x.guide ? [" · ", el("a", { href: x.guide }, "all about this error")] : null));
    } else {
      out.push(el("p", { class: "note" }, "corsfix did not recognize a browser error in this text. Paste the whole red line from the console (it starts with “Access to fetch at”, “Cross-Origin Request Blocked” or “Origin … is not allowed”)."));
    }
    out.push(diagnosis(x.diagnosis));
    if (x.fix_link || x.check_link) {
      out.push(el("p", null,
        x.fix_link ? el("a", { class: "button", href: x.fix_link }, "Generate the fix for your backend") : null,
        x.check_link ? [" ", el("a", { class: "button secondary", href: x.check_link }, "Check the endpoint live")] : null));
    }
    return [el("div", { class: "explanation" }, out)];
  }

  function errorBox(message) {
    return el("p", { class: "error", role: "alert" }, message);
  }

  function renderFix(r) {
    const out = [];
    const g = r.generated;
    const list = (title, items) => items && items.length ? [el("h4", null, title), el("ul", { class: "notes" }, items.map((n) => el("li", null, ticks(n))))] : [];
    if (g) {
      out.push(el("h3", null, "Your code: " + g.name + " ", el("span", { class: "small" }, "(" + g.packages + ")")));
      if (g.install) out.push(el("p", null, "Install:"), codeFile({ path: "shell", contents: g.install }, "install-cmd"));
      g.files.forEach((f, i) => out.push(codeFile(f, "file-" + (i + 1))));
      out.push(...list("Where it goes", g.notes), ...list("What it deliberately does not allow", g.not_allowed), ...list("Limits of this target", g.limitations));
    } else if (r.declined) {
      out.push(errorBox("No code for this policy: " + r.declined));
    } else if (document.querySelector("#target[disabled]")) {
      out.push(el("p", { class: "note" }, "Generated code is not available in this build; below is what your server must send, and what each browser does with it."));
    }
    const p = r.preview;
    const req = p.request;
    out.push(el("h3", null, "What the browser will do"));
    const call = "fetch(\"" + req.url + "\", {method: \"" + req.method + "\"" +
      (req.headers.length ? ", headers: {…" + req.headers.length + "}" : "") +
      (req.credentials === "include" ? ", credentials: \"include\"" : "") + "})";
    const names = req.headers.map((h, i) => [i ? ", " : "", code(h[0])]);
    out.push(el("p", { class: "sample" }, "A page on ", code(req.origin), " calls ", code(call),
      req.headers.length ? [" with ", names] : null, "."));
    out.push(verdicts(p.verdicts));
    out.push(el("div", { class: "two" },
      el("div", null, el("h4", null, "Your server answers the preflight (", code("OPTIONS"), ") with"), headerList(p.preflight_response, "no CORS headers", "preflight-headers")),
      el("div", null, el("h4", null, "…and the request itself with"), headerList(p.actual_response, "no CORS headers", "actual-headers"))));
    if (r.lint.length) {
      out.push(el("h3", null, "Warnings about this policy"),
        el("ul", { class: "lint" }, r.lint.map((l) => el("li", { class: l.severity }, code(l.code), " ", ticks(l.message),
          l.help ? [el("br"), el("span", { class: "small" }, ticks(l.help))] : null))));
    }
    return out;
  }

  function exchange(t) {
    return el("li", null,
      el("p", null, el("strong", null, t.kind), t.hop ? [" ", el("span", { class: "small" }, "(redirect hop " + t.hop + ")")] : null,
        " ", code(t.method + " " + t.url),
        t.status ? [" → ", el("strong", null, String(t.status))] : null,
        t.elapsed_ms !== null && t.elapsed_ms !== undefined ? [" ", el("span", { class: "small" }, "(" + t.elapsed_ms + " ms)")] : null),
      t.error ? el("p", { class: "error" }, t.error) : null,
      el("div", { class: "two" },
        el("div", null, el("h4", null, "Sent"), headerList(t.request_headers, "no headers")),
        el("div", null, el("h4", null, "Received (CORS-relevant)"), headerList(t.response_headers, t.error ? "no response" : "no CORS headers"))));
  }

  function renderCheck(r) {
    const title = r.passed ? "✓ This request works in every browser"
      : r.allowed ? "The browser allows this request, but something is wrong" : "✗ The browser blocks this request";
    return [
      el("h3", { class: "outcome " + (r.passed ? "ok" : "blocked") }, title),
      verdicts(r.verdicts),
      diagnosis(r.diagnosis),
      el("p", null, el("a", { class: "button", href: r.fix_link }, "Generate the configuration this request needs"),
        r.server ? [" ", el("span", { class: "small" }, "The server looks like " + r.server + ".")] : null),
      r.warnings.length ? [el("h3", null, "Also worth knowing"),
        el("ul", { class: "lint" }, r.warnings.map((w) => el("li", { class: w.severity }, code(w.code), " ", ticks(w.message))))] : null,
      el("h3", null, "What happened on the wire"),
      el("ol", { class: "timeline" }, r.timeline.map(exchange)),
      r.extra.length ? el("details", null, el("summary", null, "Extra probes (" + r.extra.length + "): how the server answers other origins"),
        el("ol", { class: "timeline" }, r.extra.map(exchange))) : null,
      el("p", { class: "small" }, "Repeat the first request: ", code(r.curl)),
    ];
  }

  // ---- the forms ----
  const builders = {
    generate(form) {
      const f = new FormData(form);
      const maxAge = String(f.get("max_age") || "").trim();
      if (maxAge && !/^\d+$/.test(maxAge)) throw new Error("max-age must be a whole number of seconds, not `" + maxAge + "`");
      const sample = {};
      const tryOrigin = String(f.get("try_origin") || "").trim();
      const tryMethod = String(f.get("try_method") || "").trim();
      if (tryOrigin) sample.origin = tryOrigin;
      if (tryMethod) sample.method = tryMethod;
      const body = {
        policy: {
          origins: splitList(String(f.get("origins") || "")),
          credentials: f.get("credentials") === "on",
          methods: splitList(String(f.get("methods") || "")),
          headers: splitList(String(f.get("headers") || "")),
          expose_headers: splitList(String(f.get("expose") || "")),
          max_age: maxAge ? Number(maxAge) : null,
        },
        sample: sample,
      };
      const target = f.get("target");
      if (target) body.target = String(target);
      const version = String(f.get("version") || "").trim();
      if (target && version) body.version = version;
      return body;
    },
    explain(form) {
      const text = String(new FormData(form).get("error") || "");
      return text.trim() ? { text: text } : null;
    },
    check(form) {
      const f = new FormData(form);
      const url = String(f.get("url") || "").trim();
      if (!url) return null;
      return {
        url: url,
        origin: String(f.get("origin") || "").trim(),
        method: String(f.get("method") || "GET").trim() || "GET",
        headers: headerLines(String(f.get("req_headers") || "")),
        credentials: f.get("with_credentials") === "on",
      };
    },
  };
  const renderers = { generate: renderFix, explain: explanation, check: renderCheck };

  function shareUrl(form) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) params.append(k, String(v));
    return "?" + params.toString();
  }

  function enhance(form) {
    const api = form.dataset.api;
    const result = document.getElementById(form.id.replace("-form", "-result"));
    if (!api || !result) return;
    let seq = 0;
    let timer = null;
    async function run() {
      const mine = ++seq;
      let body;
      try {
        body = builders[api](form);
      } catch (e) {
        result.replaceChildren(errorBox(e.message));
        return;
      }
      history.replaceState(null, "", shareUrl(form));
      if (!body) { result.replaceChildren(); return; }
      result.setAttribute("aria-busy", "true");
      try {
        const resp = await fetch("/api/v1/" + api, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
        const data = await resp.json();
        if (mine !== seq) return; // a newer request is on its way
        const nodes = resp.ok ? renderers[api](data) : [errorBox(data.error ? data.error.message : "The server answered " + resp.status)];
        // replaceChildren() would turn a null into the text "null": drop the empty parts.
        result.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
        wireCopy(result);
      } catch (e) {
        if (mine === seq) result.replaceChildren(errorBox("Could not reach the corsfix server: " + e.message));
      } finally {
        if (mine === seq) result.removeAttribute("aria-busy");
      }
    }
    form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); run(); });
    if (api !== "check") {
      // Live update: probing the network on every key press would be rude, so Check waits for submit.
      form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
      form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(run, 50); });
      const note = form.querySelector(".js-note");
      if (note) note.hidden = false;
    }
  }

  // ---- copy buttons ----
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = el("textarea", { "aria-hidden": "true", class: "visually-hidden" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }

  function wireCopy(root) {
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
  }

  // ---- the framework search ----
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
    for (const form of document.querySelectorAll("form.tool-form")) enhance(form);
    wireCopy(document);
    wireSearch();
  });
})();
