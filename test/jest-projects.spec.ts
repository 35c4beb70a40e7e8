// Which project runs which spec is derived from names and imports (jest.config.js): these checks
// fail, naming the file, where a suite would silently run twice, once too few, or never.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface JestConfig {
  EXPRESS_ONLY: Record<string, string>;
  reachesAdapterSwitch(file: string): boolean;
  e2eSuites(): string[];
}

const root = join(import.meta.dirname, '..');
const configPath = '../jest.config.js';
const config = (await import(configPath)) as JestConfig;

/** Builds an HTTP app in the suite itself, where the adapter switch cannot reach it. */
const buildsItsOwnApp = (suite: string) =>
  /createNestApplication|NestFactory\.create/.test(readFileSync(join(root, suite), 'utf8'));

const reaches = (suite: string) => config.reachesAdapterSwitch(join(root, suite));

describe('the Jest projects', () => {
  it('list only suites that exist and serve HTTP as Express-only', () => {
    const suites = config.e2eSuites();
    const stale = Object.keys(config.EXPRESS_ONLY).filter(
      (suite) => !suites.includes(suite) || !(reaches(suite) || buildsItsOwnApp(suite)),
    );
    expect(stale).toEqual([]);
  });

  it('run on Fastify too every suite that builds its app through test/support/http-app', () => {
    // A suite building its app itself runs on Express whatever the project: it must say so.
    const unlisted = config
      .e2eSuites()
      .filter((suite) => buildsItsOwnApp(suite) && !reaches(suite))
      .filter((suite) => !(suite in config.EXPRESS_ONLY));
    expect(unlisted).toEqual([]);
  });

  it('match every spec file in lib/ and test/ by one of the three suffixes', () => {
    const specs = ['lib', 'test'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .map((path) => join(folder, path))
        .filter((path) => /[.-]spec\.|\.test\./.test(path)),
    );
    expect(specs.length).toBeGreaterThan(100);
    const unmatched = specs.filter((path) => !/\.(spec|e2e-spec|redis-spec)\.ts$/.test(path));
    expect(unmatched).toEqual([]);
  });
});
