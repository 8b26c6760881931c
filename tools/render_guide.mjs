// Renders docs/profiles.md into the extension's profiles.html, the guide the
// options page links to: the same text as the repository's, readable in the
// browser with no network. The markdown is the project's own.
import { readFile, writeFile } from 'node:fs/promises';
import { marked } from 'marked';

const [source, target] = process.argv.slice(2);
const markdown = await readFile(source, 'utf8');
// GitHub's anchors, so the document's own #links work here too.
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
marked.use({
  renderer: {
    heading({ tokens, depth, text }) {
      return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});
const body = marked.parse(markdown);
const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ClientFill profiles</title>
  <link rel="stylesheet" href="options.css">
</head>
<body>
  <main class="guide">
${body}
  </main>
</body>
</html>
`;
await writeFile(target, page);
