// @ts-check
/* global module */
/**
 * The import rules `npm run lint` checks: no import cycle, templates import nothing of src, and the
 * pipeline goes one way: a stage imports only the stages below it (tests and benchmarks may import any).
 */

/** From the bottom up; a folder may import its own layer and those before it. */
const LAYERS = [
  ['src/(domain|log|format-gap|version)\\.ts'],
  ['src/fetch/', 'src/extract/', 'src/check-error\\.ts'],
  ['src/diff/'],
  ['src/render/', 'src/store/'],
  ['src/sources/'],
  ['src/publish/'],
  ['src/requests/'],
  ['src/schedule/'],
  ['src/archive/'],
  ['src/(app|config|open-state)\\.ts'],
  ['src/commands/', 'src/demo/', 'src/cli\\.ts'],
];

/** @param {string[]} paths */
const alternatives = (paths) => `^(${paths.join('|')})`;
const notSpec = '\\.spec\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: break it by moving the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'templates-stand-alone',
      comment:
        'Card templates are plain data-to-element functions an operator may replace: they import no part of editwatch.',
      severity: 'error',
      from: { path: '^templates/' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'src-stays-in-src',
      comment:
        'src reaches templates through the package import #templates/, never a path up out of itself, and never tests or benchmarks.',
      severity: 'error',
      from: { path: '^src/', pathNot: notSpec },
      to: { path: '^(test|bench|bin)/' },
    },
    {
      name: 'in-a-layer',
      comment:
        'Every file of src belongs to a layer of LAYERS in .dependency-cruiser.cjs: add a new folder or top-level file there.',
      severity: 'error',
      from: { path: '^src/', pathNot: [alternatives(LAYERS.flat()), notSpec] },
      to: {},
    },
    ...LAYERS.flatMap((layer, i) => {
      const above = LAYERS.slice(i + 1).flat();
      if (!above.length) return [];
      return [
        {
          name: 'pipeline-one-way',
          comment: `${layer.join(', ')} may not import a later stage (${above.join(', ')}): the pipeline goes one way`,
          severity: 'error',
          from: { path: alternatives(layer), pathNot: notSpec },
          to: { path: alternatives(above) },
        },
      ];
    }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
