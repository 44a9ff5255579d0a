// Builds the app with the Next.js major under test (`node build.mjs next` or `node build.mjs
// next15`, the npm alias of Next 15): node_modules/next here becomes that install (a symlink,
// or for Next 15 a hard-linked copy), so the generated proxy.ts / middleware.ts
// (`import … from 'next/server'`), the bundler and `next start` all use it. Then a production
// build (`next build`, type checking included).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const pkg = process.argv[2];
if (pkg !== 'next' && pkg !== 'next15') {
  console.error('usage: node build.mjs next|next15');
  process.exit(2);
}
const require = createRequire(path.join(process.cwd(), 'build.mjs'));
const installed = path.dirname(require.resolve(`${pkg}/package.json`));
fs.mkdirSync('node_modules', { recursive: true });
fs.rmSync('node_modules/next', { force: true, recursive: true });
if (pkg === 'next') {
  fs.symlinkSync(installed, 'node_modules/next', 'dir');
} else {
  // Next 15 requires its own files as `next/dist/…`; behind a symlink Node would resolve those
  // from the real path and find Next 16 at the top of the install. A hard-linked copy (same
  // file system, no data copied) makes this directory the `next` package itself.
  const cp = spawnSync('cp', ['-al', installed, 'node_modules/next'], { stdio: 'inherit' });
  if (cp.status !== 0) process.exit(cp.status ?? 1);
}
const version = JSON.parse(fs.readFileSync('node_modules/next/package.json', 'utf8')).version;
console.log(`next ${version} from ${installed}`);

const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(result.status ?? 1);
