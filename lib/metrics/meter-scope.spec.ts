import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { METER_NAME, METER_VERSION } from './meter-scope.js';

describe('the meter scope', () => {
  it("is the package's name and version", () => {
    const manifest = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as { name: string; version: string };
    expect({ name: METER_NAME, version: METER_VERSION }).toEqual({
      name: manifest.name,
      version: manifest.version,
    });
  });
});
