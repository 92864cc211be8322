// The article's Dictionary tool: turns the link to /dictionary/ into a lookup-mode toggle.
// In lookup mode a double-click, a tap or a selection in the article body opens a popup
// (an accessible, non-modal dialog placed beside the word, never over it). Keyboard: Tab to
// a paragraph, arrow keys pick a word (Shift + arrows a phrase), Enter looks it up, Escape
// closes the popup and returns focus. UI strings come from data-t-* attributes; the popup
// itself (popup.mjs) shows the answer HTML the API renders with the word page's template.

import { markExpression, unmarkExpression } from "./expressions.mjs";
import { answerNodes, createPopup, el, keepTabInside, placeBeside } from "./popup.mjs";

const WORD = /[\p{L}\p{N}]+(?:['’\-‐‑][\p{L}\p{N}]+)*/gu;
const WORD_CHAR = /[\p{L}\p{N}'’\-‐‑]/u;
const BLOCKS = "p, li, h2, h3, h4, blockquote, figcaption";
const MAX_TEXT = 64;

function strings(dataset) {
  const t = {};
  for (const [key, value] of Object.entries(dataset)) {
    if (/^t[A-Z]/.test(key)) t[key[1].toLowerCase() + key.slice(2)] = value;
  }
  return t;
}

// The sentence of `block` around the character span [start, end).
function sentenceAround(text, start, end) {
  let from = 0;
  const before = text.slice(0, start);
  const stop = /[.!?]["'”’)]*\s+(?=["'“‘(]?[\p{Lu}\p{N}])/gu;
  let match;
  while ((match = stop.exec(before)) !== null) from = match.index + match[0].length;
  stop.lastIndex = end;
  const after = stop.exec(text);
  const to = after ? after.index + 1 : text.length;
  return text.slice(from, to).replace(/\s+/g, " ").trim().slice(0, 1000);
}

function textOffset(block, node, offset) {
  const range = document.createRange();
  range.setStart(block, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

class LookupMode {
  constructor(button, body, options) {
    this.button = button;
    this.body = body;
    this.t = options.t;
    this.api = options.api;
    this.article = options.article;
    this.pageUrl = options.pageUrl;
    this.myWordsUrl = options.myWordsUrl;
    this.on = false;
    this.cache = new Map();
    this.session = null;
    this.terms = null;
    this.popup = null;
    this.request = 0;
    this.status = el("p", "bs-visually-hidden");
    this.status.setAttribute("role", "status");
    document.body.append(this.status);
    this.help = el("p", "bs-visually-hidden", this.t.paragraph);
    this.help.id = "bs-lexicon-help";
    this.help.hidden = true;
    document.body.append(this.help);
    this.onPointerUp = this.onPointerUp.bind(this);
    this.onKeyDown = this.onKeyDown.bind(this);
    this.onDocumentPointerDown = this.onDocumentPointerDown.bind(this);
    this.onResize = () => this.place();
    button.addEventListener("click", () => this.toggle());
  }

  announce(message) {
    this.status.textContent = "";
    window.setTimeout(() => { this.status.textContent = message; }, 50);
  }

  blocks() {
    return [...this.body.querySelectorAll(BLOCKS)].filter(
      (b) => !b.parentElement.closest(BLOCKS) && b.textContent.trim());
  }

  toggle() {
    this.on = !this.on;
    this.button.setAttribute("aria-pressed", String(this.on));
    this.body.classList.toggle("bs-lexicon-on", this.on);
    if (this.on) {
      for (const block of this.blocks()) {
        block.tabIndex = 0;
        block.dataset.lexiconBlock = "";
        block.setAttribute("aria-describedby", this.help.id);
      }
      this.body.addEventListener("pointerup", this.onPointerUp);
      this.body.addEventListener("keydown", this.onKeyDown);
      document.addEventListener("pointerdown", this.onDocumentPointerDown);
      window.addEventListener("resize", this.onResize);
      this.markTerms();
      this.announce(this.t.statusOn);
    } else {
      this.close(false);
      for (const block of this.body.querySelectorAll("[data-lexicon-block]")) {
        block.removeAttribute("tabindex");
        block.removeAttribute("data-lexicon-block");
        block.removeAttribute("aria-describedby");
      }
      this.body.removeEventListener("pointerup", this.onPointerUp);
      this.body.removeEventListener("keydown", this.onKeyDown);
      document.removeEventListener("pointerdown", this.onDocumentPointerDown);
      window.removeEventListener("resize", this.onResize);
      this.unmarkTerms();
      this.announce(this.t.statusOff);
    }
  }

  // ------------------------------------------------------------ glossary terms in the text

  async markTerms() {
    if (this.terms === null) {
      this.terms = [];
      if (!this.article) return;
      try {
        const response = await fetch(`${this.api}articles/${this.article}/glossary`,
          { credentials: "same-origin" });
        if (response.ok) this.terms = (await response.json()).terms;
      } catch {
        return;
      }
    }
    if (!this.on || !this.terms.length) return;
    // Hyphens and spaces are interchangeable: "six-party talks" marks "six party talks".
    const escape = (s) => s.split(/[\s\-‐‑]+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\-‐‑]+");
    const pattern = (list, flags) => list.length ? new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${list.map(escape).join("|")})(?![\\p{L}\\p{N}])`, flags) : null;
    const byLength = [...this.terms].sort((a, b) => b.term.length - a.term.length);
    const acronym = (term) => term.kind === "acronym" || /^[^\p{Ll}]*$/u.test(term.term);
    const exact = pattern(byLength.filter(acronym).map((x) => x.term), "gu");
    const folded = pattern(byLength.filter((x) => !acronym(x)).map((x) => x.term), "giu");
    const walker = document.createTreeWalker(this.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest("a, .bs-lexicon-term")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (let node of nodes) {
      for (;;) {
        let best = null;
        for (const re of [exact, folded]) {
          if (!re) continue;
          re.lastIndex = 0;
          const m = re.exec(node.data);
          if (m && (!best || m.index < best.index)) best = m;
        }
        if (!best) break;
        const term = node.splitText(best.index);
        node = term.splitText(best[0].length);
        const mark = el("span", "bs-lexicon-term");
        term.replaceWith(mark);
        mark.append(term);
      }
    }
  }

  unmarkTerms() {
    for (const mark of this.body.querySelectorAll(".bs-lexicon-term")) {
      mark.replaceWith(...mark.childNodes);
    }
    this.body.normalize();
  }

  // ------------------------------------------------------------------ what was selected

  rangeInBody(range) {
    return this.body.contains(range.startContainer) && this.body.contains(range.endContainer);
  }

  // A double-click inside a marked glossary term means the whole term.
  widenToTerm(range) {
    const start = range.startContainer.parentElement?.closest(".bs-lexicon-term");
    const end = range.endContainer.parentElement?.closest(".bs-lexicon-term");
    const text = range.toString().trim();
    if (start && start === end && !/\s/.test(text)) {
      const whole = document.createRange();
      whole.selectNodeContents(start);
      return whole;
    }
    return range;
  }

  wordRangeAt(node, offset) {
    if (!node || node.nodeType !== Node.TEXT_NODE) return null;
    const data = node.data;
    let start = offset;
    let end = offset;
    while (start > 0 && WORD_CHAR.test(data[start - 1])) start -= 1;
    while (end < data.length && WORD_CHAR.test(data[end])) end += 1;
    if (start === end) return null;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return range;
  }

  describe(range) {
    const block = (range.startContainer.parentElement || range.startContainer)
      .closest("[data-lexicon-block]") || this.body;
    const text = range.toString().replace(/\s+/g, " ").trim();
    const start = textOffset(block, range.startContainer, range.startOffset);
    const sentence = sentenceAround(block.textContent, start, start + range.toString().length);
    return { text, sentence, block, range: range.cloneRange() };
  }

  onPointerUp(event) {
    if (event.button !== 0) return;
    window.setTimeout(() => {
      const selection = window.getSelection();
      let range = null;
      if (selection.rangeCount && !selection.isCollapsed) {
        range = selection.getRangeAt(0);
      } else if (event.pointerType === "touch" && document.caretRangeFromPoint) {
        const caret = document.caretRangeFromPoint(event.clientX, event.clientY);
        if (caret) range = this.wordRangeAt(caret.startContainer, caret.startOffset);
      }
      if (!range || !this.rangeInBody(range) || !range.toString().trim()) return;
      this.lookUp(this.describe(this.widenToTerm(range)));
    }, 0);
  }

  // ------------------------------------------------------------------------- keyboard

  words(block) {
    const out = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const m of node.data.matchAll(WORD)) out.push([node, m.index, m.index + m[0].length]);
    }
    return out;
  }

  select(block) {
    const words = block.lexiconWords;
    const [from, to] = [block.lexiconFrom, block.lexiconTo];
    const range = document.createRange();
    range.setStart(words[from][0], words[from][1]);
    range.setEnd(words[to][0], words[to][2]);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    this.announce(range.toString());
  }

  onKeyDown(event) {
    const block = event.target.closest && event.target.closest("[data-lexicon-block]");
    if (!block || event.target !== block || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const key = event.key;
    if (key === "Escape" && this.popup) {
      event.preventDefault();
      this.close(true);
      return;
    }
    if (block.lexiconWords && block.lexiconWords.some(([node]) => !block.contains(node))) {
      this.startWords(block, true);  // glossary marks split the text since
    }
    if (key === "Enter") {
      const selection = window.getSelection();
      let range = selection.rangeCount && !selection.isCollapsed ? selection.getRangeAt(0) : null;
      if (!range || !block.contains(range.commonAncestorContainer)) {
        if (!block.lexiconWords) this.startWords(block);
        if (!block.lexiconWords.length) return;
        this.select(block);
        range = selection.getRangeAt(0);
      }
      event.preventDefault();
      this.lookUp(this.describe(this.widenToTerm(range)));
      return;
    }
    if (key !== "ArrowRight" && key !== "ArrowLeft") return;
    event.preventDefault();
    if (!block.lexiconWords) {
      this.startWords(block);
      if (block.lexiconWords.length) this.select(block);
      return;
    }
    const last = block.lexiconWords.length - 1;
    if (last < 0) return;
    const step = key === "ArrowRight" ? 1 : -1;
    if (event.shiftKey) {
      block.lexiconTo = Math.min(last, Math.max(block.lexiconFrom, block.lexiconTo + step));
    } else {
      const next = Math.min(last, Math.max(0, (step > 0 ? block.lexiconTo : block.lexiconFrom) + step));
      block.lexiconFrom = next;
      block.lexiconTo = next;
    }
    this.select(block);
  }

  startWords(block, keepPlace = false) {
    block.lexiconWords = this.words(block);
    const last = Math.max(0, block.lexiconWords.length - 1);
    block.lexiconFrom = keepPlace ? Math.min(block.lexiconFrom, last) : 0;
    block.lexiconTo = keepPlace ? Math.min(block.lexiconTo, last) : 0;
  }

  // -------------------------------------------------------------------------- the popup

  async lookUp(query) {
    if (!query.text) return;
    const opener = document.activeElement && document.activeElement !== document.body
      ? document.activeElement : query.block;
    const key = `${query.text}\u0000${query.sentence}`;
    if (this.pending === key) return;  // the same double-click seen twice
    const id = ++this.request;
    let answer = this.cache.get(key);
    const loading = window.setTimeout(() => {
      if (id === this.request) this.show(query, { loading: true }, opener);
    }, 250);
    if (!answer) {
      this.pending = key;
      const params = new URLSearchParams();
      if (query.sentence) params.set("context", query.sentence);
      if (this.article) params.set("article", this.article);
      const url = `${this.api}${encodeURIComponent(query.text.slice(0, 200))}?${params}`;
      try {
        const response = await fetch(url, { credentials: "same-origin",
                                            headers: { Accept: "application/json" } });
        const data = await response.json();
        answer = { status: response.status, data };
        if (response.status === 200 || response.status === 404) this.cache.set(key, answer);
      } catch {
        answer = { status: 0, data: null };
      }
    }
    window.clearTimeout(loading);
    if (this.pending === key) this.pending = null;
    if (id !== this.request || !this.on) return;
    this.show(query, answer, opener);
    this.loadSession(query);
  }

  show(query, answer, opener) {
    const fresh = !this.popup;
    if (fresh) {
      this.popup = createPopup(this.t.close, {
        onClose: () => this.close(true),
        onKey: (event) => this.onPopupKey(event),
        onContentClick: (event) => this.onContentClick(event),
      });
      this.popup.opener = opener;
    }
    const popup = this.popup;
    popup.query = query;
    if (!fresh && opener && !popup.element.contains(opener)) popup.opener = opener;
    popup.title.textContent = answer.data?.headword || query.text.slice(0, MAX_TEXT);
    popup.content.replaceChildren(...answerNodes(answer, this.t));
    popup.element.setAttribute("aria-busy", String(Boolean(answer.loading)));
    popup.answer = answer;
    if (!answer.loading) markExpression(query.block, query.range, answer.data?.expression);
    this.renderActions();
    this.place();
    if (!answer.loading) popup.element.focus({ preventScroll: true });
  }

  // Phrases of the sentence and close spellings are links to their pages; in the popup a
  // click looks them up in place.
  onContentClick(event) {
    const link = event.target.closest("[data-lexicon-lookup]");
    if (!link || !this.popup) return;
    event.preventDefault();
    this.lookUp({ ...this.popup.query, text: link.dataset.lexiconLookup });
  }

  renderActions() {
    const popup = this.popup;
    if (!popup) return;
    const { answer, query } = popup;
    const actions = [];
    if (answer.status === 200 && answer.data) {
      const full = el("a", "bs-lexicon-popup__full", this.t.fullEntry);
      const params = query.sentence ? `?${new URLSearchParams({ context: query.sentence })}` : "";
      full.href = `${answer.data.url}${params}`;
      actions.push(full);
      if (this.session?.authenticated) {
        const save = el("button", "bs-button bs-lexicon-popup__save", this.t.save);
        save.type = "button";
        save.addEventListener("click", () => this.save(save, query));
        actions.push(save);
      } else if (this.session) {
        const login = el("a", "bs-lexicon-popup__login", this.t.logIn);
        login.href = `${this.session.login_url}?${new URLSearchParams({ next: location.pathname })}`;
        actions.push(login);
      }
    }
    popup.actions.replaceChildren(...actions);
    popup.actions.hidden = !actions.length;
  }

  async loadSession() {
    if (this.session) return;
    try {
      const response = await fetch(`${this.api}my/session`, { credentials: "same-origin" });
      if (response.ok) this.session = await response.json();
    } catch {
      return;
    }
    this.renderActions();
    this.place();
  }

  async save(button, query) {
    const text = query.text;
    button.disabled = true;
    try {
      const response = await fetch(`${this.api}my/words`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.session.csrf_token,
                   Accept: "application/json" },
        body: JSON.stringify({ text: text.slice(0, 200), sentence: query.sentence,
                               article_id: this.article ? Number(this.article) : null }),
      });
      if (!response.ok) throw new Error(String(response.status));
    } catch {
      button.disabled = false;
      this.announce(this.t.saveFailed);
      button.textContent = this.t.saveFailed;
      return;
    }
    const done = el("a", "bs-lexicon-popup__saved", this.t.saved);
    done.href = this.myWordsUrl;
    button.replaceWith(done);
    done.focus();
    this.announce(this.t.saved);
  }

  place() {
    if (this.popup) placeBeside(this.popup.element, this.popup.query.range.getBoundingClientRect());
  }

  onPopupKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
    } else if (event.key === "Tab") {
      keepTabInside(event, this.popup.element);
    }
  }

  onDocumentPointerDown(event) {
    if (this.popup && !this.popup.element.contains(event.target)
        && !this.body.contains(event.target)) {
      this.close(false);
    }
  }

  close(restoreFocus) {
    if (!this.popup) return;
    const { element, opener, query } = this.popup;
    this.popup = null;
    this.request += 1;
    element.remove();
    unmarkExpression();
    if (restoreFocus) {
      const target = opener && opener.isConnected ? opener : query.block;
      if (target && target.isConnected) target.focus({ preventScroll: true });
      if (query.range && this.body.contains(query.range.startContainer)) {
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(query.range);
      }
    }
  }
}

export function init(link) {
  const body = document.querySelector("[data-article-body]");
  if (!body || !window.fetch) return;
  const options = {
    t: strings(link.dataset),
    api: link.dataset.api,
    article: link.dataset.article,
    pageUrl: link.dataset.page,
    myWordsUrl: link.dataset.myWordsUrl,
  };
  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute("aria-pressed", "false");
  link.replaceWith(button);
  new LookupMode(button, body, options);
}
