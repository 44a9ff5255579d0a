// Type-checks the generated src/main.ts and the skeleton's src/app.module.ts against the
// installed NestJS types with the real TypeScript compiler (decorators as Nest needs them),
// then emits CommonJS into build/.
import ts from 'typescript';

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
