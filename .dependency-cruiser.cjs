// The layer rules of src/, generated from layers.json: each part may import only the parts below
// it, the sandbox only config/, and nothing imports the composition roots. `npx depcruise src`
// prints the violations; test/architecture/layers.test.ts fails the build on any.
const { layers, roots, only } = require('./layers.json');

const escape = (name) => name.replace(/[.]/g, '\\.');
const part = (name) => `^src/${escape(name)}(/|$)`;
const above = (index) => layers.slice(index + 1);

const layerRules = layers.map((name, index) => ({
  name: `layer:${name}`,
  severity: 'error',
  comment: `${name}/ may import only ${layers.slice(0, index).map((p) => `${p}/`).join(' ') || 'nothing of src/'}`,
  from: { path: part(name) },
  to: { path: [...above(index), ...roots].map(part) },
}));

const onlyRules = Object.entries(only).map(([name, allowed]) => ({
  name: `only:${name}`,
  severity: 'error',
  comment: `${name}/ may import only ${allowed.map((p) => `${p}/`).join(' ')}`,
  from: { path: part(name) },
  to: { path: '^src/', pathNot: [name, ...allowed].map(part) },
}));

module.exports = {
  forbidden: [...layerRules, ...onlyRules],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
