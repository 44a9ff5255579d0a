// Type-checks the generated TypeScript (src/cors.ts) against the installed hono types with the
// real TypeScript compiler, then emits it as src/cors.mjs.
import fs from 'node:fs';
import ts from 'typescript';

const options = {
  strict: true,
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  outDir: 'build',
};
const program = ts.createProgram(['src/cors.ts'], options);
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) {
  for (const d of diagnostics) {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    console.error(where + ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  process.exit(1);
}
const result = program.emit();
if (result.emitSkipped) process.exit(1);
fs.renameSync('build/cors.js', 'src/cors.mjs');
