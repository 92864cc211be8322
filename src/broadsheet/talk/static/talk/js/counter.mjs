// Character counting as the server does it (talk/counting.py): NFC, CRLF/CR as LF, the same
// explicit set of outer whitespace trimmed, then extended grapheme clusters (Intl.Segmenter).
const SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "gu");

export function normalise(text) {
  return text.replace(/\r\n?/g, "\n").normalize("NFC").replace(TRIM, "");
}

const segmenter = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
  : null;

export function countCharacters(text) {
  const clean = normalise(text);
  if (!segmenter) return Array.from(clean).length;
  let n = 0;
  for (const _ of segmenter.segment(clean)) n += 1;
  return n;
}
