import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';

const ROOT = resolve(import.meta.dirname, '..');

/** The documentation a reader browses: the front door, the contributors' guide and docs/. */
const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Lines outside fenced code blocks, with their numbers: links and headings in code are text. */
function proseLines(markdown: string): Array<{ line: string; number: number }> {
  const lines: Array<{ line: string; number: number }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
    } else if (!fence) {
      lines.push({ line, number: index + 1 });
    }
  });
  return lines;
}

/** The anchors GitHub gives a document's headings (duplicates get -1, -2, ...). */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const { line } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    // GitHub slugs the rendered text: code spans and links keep only their text.
    const text = heading.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    anchors.add(slugger.slug(text));
  }
  return anchors;
}

/** Inline links and images, `[text](target)`, outside code; absolute URLs are not followed. */
function relativeLinks(markdown: string): Array<{ target: string; number: number }> {
  const links: Array<{ target: string; number: number }> = [];
  for (const { line, number } of proseLines(markdown)) {
    const text = line.replace(/`[^`]*`/g, '');
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1];
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ target, number });
    }
  }
  return links;
}

/** Every broken link of `document` (its text read from disk unless given), as `file:line target (why)`. */
function brokenLinks(
  document: string,
  markdown = readFileSync(join(ROOT, document), 'utf8'),
): string[] {
  return relativeLinks(markdown).flatMap(({ target, number }) => {
    const [path, anchor] = target.split('#', 2);
    const file = resolve(dirname(join(ROOT, document)), decodeURI(path));
    const where = `${document}:${number} ${target}`;
    if (relative(ROOT, file).startsWith('..')) return [`${where} (outside the repository)`];
    if (!existsSync(file)) return [`${where} (no such file)`];
    if (anchor === undefined) return [];
    if (!path) return anchorsOf(markdown).has(anchor) ? [] : [`${where} (no such heading)`];
    if (!file.endsWith('.md') || statSync(file).isDirectory()) {
      return [`${where} (an anchor into a file that is not markdown)`];
    }
    return anchorsOf(readFileSync(file, 'utf8')).has(anchor) ? [] : [`${where} (no such heading)`];
  });
}

describe('documentation links', () => {
  it('finds the documents and their links (the checks below would pass on nothing)', () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md']),
    );
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(relativeLinks(readme).length).toBeGreaterThan(10);
  });

  it('slugs headings the way GitHub does', () => {
    expect([
      ...anchorsOf(
        '# Keys, JWKS and rotation\n## `store` option\n## Errors\n## Errors\n```\n# not a heading\n```\n## Errors',
      ),
    ]).toEqual(['keys-jwks-and-rotation', 'store-option', 'errors', 'errors-1', 'errors-2']);
  });

  it('reports a missing file, a missing heading and a link out of the repository', () => {
    const markdown = [
      '# Title',
      '[ok](#title) [ok](docs/README.md) [ok](README.md#nest-jwt-auth) [ok](https://x.test/#y)',
      '`[in code](#nowhere)`',
      '[a](docs/nowhere.md) [b](#nowhere)',
      '[c](CONTRIBUTING.md#nowhere) [d](../outside.md)',
    ].join('\n');
    expect(brokenLinks('README.md', markdown)).toEqual([
      'README.md:4 docs/nowhere.md (no such file)',
      'README.md:4 #nowhere (no such heading)',
      'README.md:5 CONTRIBUTING.md#nowhere (no such heading)',
      'README.md:5 ../outside.md (outside the repository)',
    ]);
  });

  it.each(DOCUMENTS)('%s: every relative link and #anchor resolves', (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });

  it.each(DOCUMENTS)('%s: no table row is wider than 100 columns', (document) => {
    const markdown = readFileSync(join(ROOT, document), 'utf8');
    const wide = proseLines(markdown)
      .filter(({ line }) => /^\s*\|/.test(line) && line.length > 100)
      .map(({ number, line }) => `${document}:${number} (${line.length} columns)`);
    expect(wide).toEqual([]);
  });
});
