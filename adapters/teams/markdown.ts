// User text inside Adaptive Cards and Teams messages. TextBlocks and facts are Markdown: an
// unescaped "[click](https://evil)" becomes a link, "**x**" bold, "- x" a list, and
// "{{DATE(…)}}" is replaced by the card renderer before Markdown even runs. Every raw string from
// a Card goes through escapeMarkdown; button titles and input labels are plain text and do not.

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start
// emphasis, links, images, code, HTML, tables, headings or the renderer's {{DATE()}} functions.
const INLINE = /[\\`*_~[\]()<>{}#|!]/g;

/** `text` as Markdown that renders exactly as typed */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(INLINE, (c) => `\\${c}`)
        // a line starting "- ", "+ ", "= " or "1. " would become a list or a heading underline
        .replace(/^(\s*)([-+=])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    // a single newline is a soft break (a space) in Markdown; people meant a new line
    .join('\n\n');
}

/** a one-line label (a fact title, a heading) : newlines folded, then escaped */
export function escapeLine(text: string): string {
  return escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
}
