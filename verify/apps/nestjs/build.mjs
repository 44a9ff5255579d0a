// `node build.mjs 12` or `node build.mjs 11`: the NestJS major under test. Nest 12 is the
// stack's @nestjs/{core,common,platform-express}; Nest 11 is installed under the npm aliases
// @nestjs/core11, @nestjs/common11, @nestjs/platform-express11. For 11, node_modules/@nestjs
// here gets hard-linked copies of those (same file system, no data copied) under the real
// names, so the generated `import … from '@nestjs/core'`, the skeleton and Nest's own
// cross-package requires all resolve to 11 (a symlink or a re-exporting shim would not: Node
// resolves from the real path and core 11 would load common 12).
// Then type-checks the generated src/main.ts and the skeleton's src/app.module.ts against the
// installed NestJS types with the real TypeScript compiler (decorators as Nest needs them),
// and emits CommonJS into build/ (Nest 12's ESM packages load through require(esm)).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const major = process.argv[2];
if (major !== '12' && major !== '11') {
  console.error('usage: node build.mjs 12|11');
  process.exit(2);
}
const names = ['core', 'common', 'platform-express'];
const require = createRequire(path.join(process.cwd(), 'build.mjs'));
fs.rmSync('node_modules/@nestjs', { force: true, recursive: true });
if (major === '11') {
  fs.mkdirSync('node_modules/@nestjs', { recursive: true });
  for (const name of names) {
    const installed = path.dirname(require.resolve(`@nestjs/${name}11/package.json`));
    const cp = spawnSync('cp', ['-al', installed, `node_modules/@nestjs/${name}`], { stdio: 'inherit' });
    if (cp.status !== 0) process.exit(cp.status ?? 1);
  }
}
for (const name of names) {
  const pkg = path.dirname(require.resolve(`@nestjs/${name}/package.json`));
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  if (version.split('.')[0] !== major) {
    console.error(`@nestjs/${name} resolves to ${version} at ${pkg}, not ${major}.x`);
    process.exit(1);
  }
  console.log(`@nestjs/${name} ${version} from ${pkg}`);
}

const options = {
  strict: true,
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  outDir: 'build',
  rootDir: 'src',
};
const program = ts.createProgram(['src/main.ts', 'src/app.module.ts'], options);
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) {
  for (const d of diagnostics) {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    console.error(where + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  process.exit(1);
}
if (program.emit().emitSkipped) process.exit(1);
