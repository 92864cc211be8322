// Lookup mode's mark of an expression: when the looked-up word belongs to a phrasal verb
// or idiom of its sentence ("called it off"), the expression's words are highlighted in
// the article with the CSS Custom Highlight API (no change to the article's DOM, so the
// reader's selection and the popup's place stay as they are). The popup says the same in
// words ("part of the expression call off: called … off") for readers who cannot see it.

export const HIGHLIGHT = "bs-lexicon-expression";
const WORD = /[\p{L}\p{N}]+(?:['’\-‐‑.][\p{L}\p{N}]+)*/gu;
const NEAR = 2;  // the server and the browser may count a word like "U.S." differently

function wordsOf(block) {
  const out = [];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const m of node.data.matchAll(WORD)) out.push([node, m.index, m.index + m[0].length]);
  }
  return out;
}

function same(word, text) {
  return word[0].data.slice(word[1], word[2]).toLowerCase() === text.toLowerCase();
}

// Ranges of the expression's words in `block`, found from the looked-up word's range.
export function expressionRanges(block, range, expression) {
  const words = wordsOf(block);
  // the first word that ends after the range starts (the looked-up word)
  const start = words.findIndex(([node, , to]) => range.startContainer === node
    ? range.startOffset < to
    : range.intersectsNode(node));
  if (start < 0) return [];
  const ranges = [];
  expression.offsets.forEach((offset, i) => {
    const text = expression.words[i].replace(/\.$/, "");
    const at = start + offset;
    for (let delta = 0; delta <= NEAR; delta += 1) {
      const hit = [at + delta, at - delta].find((k) => words[k] && same(words[k], text));
      if (hit !== undefined) {
        const r = document.createRange();
        r.setStart(words[hit][0], words[hit][1]);
        r.setEnd(words[hit][0], words[hit][2]);
        ranges.push(r);
        return;
      }
    }
  });
  return ranges;
}

export function markExpression(block, range, expression) {
  unmarkExpression();
  if (!expression || !block || !window.CSS?.highlights || !window.Highlight) return 0;
  const ranges = expressionRanges(block, range, expression);
  if (ranges.length) CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
  return ranges.length;
}

export function unmarkExpression() {
  if (window.CSS?.highlights) CSS.highlights.delete(HIGHLIGHT);
}
