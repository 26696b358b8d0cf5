import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The layer order of src/ (layers.json), enforced with the rules in .dependency-cruiser.cjs.
const require = createRequire(import.meta.url);
const { layers, roots } = require('../../layers.json') as { layers: string[]; roots: string[] };
const config = require('../../.dependency-cruiser.cjs') as { forbidden: object[]; options: object };

describe('the parts of src/ form layers', () => {
  it('has no import that runs up the layer order', async () => {
    const { output } = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
    const result = output as ICruiseResult;
    const violations = result.summary.violations.map((v) => `${v.from} → ${v.to} (${v.rule.name}: ${String((config.forbidden as { name: string; comment: string }[]).find((r) => r.name === v.rule.name)?.comment)})`);
    expect(violations, `imports against the layer order in layers.json:\n${violations.join('\n')}`).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  }, 60_000);

  it('places every folder and file of src/ in a layer', () => {
    const unplaced = readdirSync('src').filter((entry) => !layers.includes(entry) && !roots.includes(entry));
    expect(unplaced, 'add each to layers.json (and the README) at its place in the order').toEqual([]);
  });

  it('is the order the README gives', () => {
    const readme = readFileSync('README.md', 'utf8');
    const line = readme.split('\n').find((l) => l.trim().startsWith('Layers, bottom to top:'));
    expect(line, 'README line "Layers, bottom to top: …"').toBeDefined();
    expect(line!.split(';')[0]!.match(/`([a-z]+)\/`/g)?.map((p) => p.slice(1, -2))).toEqual(layers);
  });
});
