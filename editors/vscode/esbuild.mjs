// Bundles the extension into dist/extension.js (one CommonJS file; `vscode` stays external).
// --production: minified, no source maps. --watch: rebuild on change.
// --tests: bundles src/test/*.test.ts into out/test/ for `node --test` (they never import vscode).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};

const options = tests
  ? {
      ...common,
      entryPoints: readdirSync('src/test')
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `src/test/${f}`),
      outdir: 'out/test',
      sourcemap: 'inline',
      external: ['vscode'],
    }
  : {
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode'],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
    };

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
