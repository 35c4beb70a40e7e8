import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULTS } from '../lib/options/defaults.js';
import { toSeconds } from '../lib/options/duration.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Where each group of DEFAULTS is documented: the page and the bullet whose sub-items hold it. */
const PAGES: Record<string, { page: string; parent?: string }> = {
  extras: { page: 'docs/options.md' },
  trustedIssuer: { page: 'docs/issuers.md' },
  totp: { page: 'docs/mfa.md' },
};

/** Every default as a dotted path and its value; arrays are values, not groups. */
function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[path, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
}

/** The text of the list item for `name` (with its continuation lines), or of `parent`'s item. */
function itemText(markdown: string, name: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s*- \`${name}\`[:,]`).test(line));
  if (start < 0) return undefined;
  const indent = lines[start].indexOf('-');
  const bulletAtOrLeftOf = (line: string) =>
    (/^(\s*)- /.exec(line)?.[1].length ?? Infinity) <= indent;
  const end = lines.findIndex(
    (line, i) => i > start && (line.trim() === '' || bulletAtOrLeftOf(line)),
  );
  return lines.slice(start, end < 0 ? undefined : end).join(' ');
}

/** A documented literal (`'15m'`, `900`, `true`, `['header']`) as the value DEFAULTS holds. */
function literal(text: string, expected: unknown): unknown {
  const value: unknown = JSON.parse(text.replace(/'/g, '"'));
  return typeof expected === 'number' && typeof value === 'string' ? toSeconds(value) : value;
}

/** The default stated for `path`: in its own item, else in its group's item. */
function documentedDefault(path: string[], expected: unknown): unknown {
  const [group, name] = path.length === 1 ? [undefined, path[0]] : [path[0], path[1]];
  const markdown = readFileSync(
    resolve(ROOT, PAGES[group ?? '']?.page ?? 'docs/options.md'),
    'utf8',
  );
  const own = itemText(markdown, name);
  const stated = own && /default `([^`]+)`/.exec(own)?.[1];
  if (stated) return literal(stated, expected);
  const parent = group && itemText(markdown, group);
  if (!parent) return undefined;
  // `{ maxEntries: 10000, ttl: '1m' }`, or `keyPrefix` defaults to `'x'`.
  const inObject = new RegExp(`default \`\\{[^}]*\\b${name}: ([^,}]+)`).exec(parent)?.[1];
  const inProse = new RegExp(`\`${name}\`\\s+defaults to \`([^\`]+)\``).exec(parent)?.[1];
  if (inObject ?? inProse) return literal((inObject ?? inProse)!.trim(), expected);
  // `{ a?, b? }`, defaults `x`, `y`: the values in the order of the type's keys.
  const keys = /^\s*- `\w+`: `\{([^}]*)\}`/
    .exec(parent)?.[1]
    .split(',')
    .map((key) => key.trim());
  const values = /defaults ((?:`[^`]+`,?\s*)+)/.exec(parent)?.[1].match(/`[^`]+`/g);
  const index = keys?.indexOf(`${name}?`) ?? -1;
  return index >= 0 && values ? literal(values[index].slice(1, -1), expected) : undefined;
}

describe('the options reference', () => {
  it.each(leaves(DEFAULTS).map(([path, value]) => [path.join('.'), path, value] as const))(
    'states the default of %s that the module uses',
    (_name, path, value) => {
      // `extras` are the module's own top-level options; the other groups are options' objects.
      const documented = documentedDefault(path[0] === 'extras' ? path.slice(1) : path, value);
      expect(documented).toEqual(value);
    },
  );
});
