// Drive `corsfix mcp` with the official TypeScript MCP SDK (@modelcontextprotocol/sdk).
//
// Starts the server over stdio, initializes, lists the tools and compiles every schema with
// Ajv (JSON Schema 2020-12, strict), calls each tool with the valid and invalid inputs of
// cases.json and compares the structured answers with the CLI's `--json` output for the same
// input, reads the resources, and checks that protocol errors leave the server serving.
//
//   CORSFIX_BIN=target/debug/corsfix node tests/mcp/client.mjs
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.CORSFIX_BIN || path.join(here, '..', '..', 'target', 'debug', 'corsfix');
const TOOLS = ['check', 'explain', 'generate', 'lint', 'simulate', 'targets'];
const PAGE = 'https://app.example.com';

let passed = 0;
function ok(cond, what) {
  if (!cond) throw new Error(what);
  passed += 1;
}

// --- a CORS test server on 127.0.0.1 (the same one client.py runs) ---------------------------

function cors(req) {
  if (req.headers.origin !== PAGE) return [['Vary', 'Origin']];
  return [
    ['Access-Control-Allow-Origin', req.headers.origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Vary', 'Origin'],
  ];
}

function answer(res, req, status, headers, body = '') {
  res.statusCode = status;
  for (const [n, v] of headers) res.setHeader(n, v);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

function startServer() {
  const server = http.createServer((req, res) => {
    res.sendDate = false; // answers must repeat exactly
    req.resume();
    req.on('end', () => {
      if (req.url === '/ok') {
        if (req.method === 'OPTIONS') {
          answer(res, req, 204, [
            ...cors(req),
            ['Access-Control-Allow-Methods', 'GET, POST, PUT'],
            ['Access-Control-Allow-Headers', 'Content-Type'],
            ['Access-Control-Max-Age', '600'],
          ]);
        } else {
          answer(res, req, 200, [...cors(req), ['Content-Type', 'application/json']], '{"items":[]}');
        }
      } else if (req.url === '/bare') {
        if (req.method === 'OPTIONS') answer(res, req, 404, [['Content-Type', 'text/plain']], 'not found');
        else answer(res, req, 200, [['Content-Type', 'application/json']], '{}');
      } else {
        answer(res, req, 404, [['Content-Type', 'text/plain']], 'not found');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve([server, `http://127.0.0.1:${server.address().port}`]));
  });
}

// --- helpers ------------------------------------------------------------------------------------

function fill(value, base) {
  if (typeof value === 'string') return value.replaceAll('{base}', base);
  if (Array.isArray(value)) return value.map((v) => fill(v, base));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, base)]));
  }
  return value;
}

// Asynchronous: the test server lives in this process and must keep answering meanwhile.
function cli(spec, base) {
  const args = fill(spec.args, base);
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill(), 120_000);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const text = out.trim();
      if (!text) reject(new Error(`corsfix ${args.join(' ')}: no output (exit ${code}): ${err}`));
      else resolve(JSON.parse(text));
    });
    child.stdin.end(fill(spec.stdin ?? '', base));
  });
}

function withoutElapsed(v) {
  if (Array.isArray(v)) return v.map(withoutElapsed);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'elapsed_ms').map(([k, x]) => [k, withoutElapsed(x)]));
  }
  return v;
}

function expected(c, out) {
  switch (c.compare) {
    case 'exact': return out;
    case 'without-file': { const o = { ...out }; delete o.file; return o; }
    case 'targets': return { targets: out };
    case 'probe': return withoutElapsed(out);
    default: throw new Error(`unknown comparison ${c.compare}`);
  }
}

function firstDifference(a, b, at = '$') {
  if (Array.isArray(a) !== Array.isArray(b) || typeof a !== typeof b || (a === null) !== (b === null)) {
    return `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${at}: ${a.length} items != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  if (a && typeof a === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a) || !(k in b)) return `${at}.${k}: only in ${k in a ? 'MCP' : 'CLI'}`;
      const d = firstDifference(a[k], b[k], `${at}.${k}`);
      if (d) return d;
    }
    return '';
  }
  return a === b ? '' : `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

const textOf = (r) => r.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');

// --- the test -----------------------------------------------------------------------------------

async function main() {
  if (!existsSync(BIN)) throw new Error(`no corsfix binary at ${BIN} (set CORSFIX_BIN)`);
  const cases = JSON.parse(readFileSync(path.join(here, 'cases.json'), 'utf8'));
  const [server, base] = await startServer();
  const transport = new StdioClientTransport({ command: BIN, args: ['mcp'], env: { ...process.env, CORSFIX_LOG: 'warn' }, stderr: 'inherit' });
  const client = new Client({ name: 'corsfix-ts-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    ok(client.getServerVersion()?.name === 'corsfix', 'server name');
    const caps = client.getServerCapabilities();
    ok(caps?.tools && caps?.resources, 'tools and resources capabilities');

    // Every tool is listed, with schemas that compile under JSON Schema 2020-12 (strict).
    const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false });
    addFormats(ajv);
    const { tools } = await client.listTools();
    ok(JSON.stringify(tools.map((t) => t.name).sort()) === JSON.stringify(TOOLS), `tools ${tools.map((t) => t.name)}`);
    const validators = {};
    for (const t of tools) {
      ok(t.description && t.inputSchema?.type === 'object' && t.outputSchema?.type === 'object', `${t.name}: object schemas`);
      validators[t.name] = { input: ajv.compile(t.inputSchema), output: ajv.compile(t.outputSchema) };
    }

    // Valid calls: the structured answer validates and equals the CLI's --json.
    for (const c of cases.valid) {
      const args = fill(c.arguments, base);
      const what = `${c.tool} ${JSON.stringify(args).slice(0, 80)}`;
      ok(validators[c.tool].input(args), `${what}: arguments match the input schema: ${ajv.errorsText(validators[c.tool].input.errors)}`);
      const result = await client.callTool({ name: c.tool, arguments: args });
      ok(!result.isError, `${what}: tool error: ${textOf(result)}`);
      let got = result.structuredContent;
      ok(validators[c.tool].output(got), `${what}: output schema: ${ajv.errorsText(validators[c.tool].output.errors)}`);
      ok(textOf(result).trim().length > 0, `${what}: a text answer`);
      if (got?.report?.verdict) ok(textOf(result).includes(got.report.verdict.line), `${what}: the text starts from the report's verdict`);
      const want = expected(c, await cli(c.cli, base));
      if (c.compare === 'probe') got = withoutElapsed(got);
      const diff = firstDifference(got, want);
      ok(!diff, `${what}: differs from \`corsfix ${c.cli.args.join(' ')}\`: ${diff}`);
    }

    // Invalid calls: tool errors that say what is wrong.
    for (const c of cases.error) {
      const args = fill(c.arguments, base);
      const what = `${c.tool} ${JSON.stringify(args).slice(0, 80)}`;
      const result = await client.callTool({ name: c.tool, arguments: args });
      ok(result.isError === true, `${what}: expected a tool error, got ${textOf(result).slice(0, 200)}`);
      ok(textOf(result).includes(c.says), `${what}: the message ${JSON.stringify(textOf(result))} lacks ${JSON.stringify(c.says)}`);
      if (c.cli) {
        const diff = firstDifference(result.structuredContent, await cli(c.cli, base));
        ok(!diff, `${what}: differs from the CLI: ${diff}`);
      }
    }

    // An unknown tool is a protocol error.
    try {
      await client.callTool({ name: 'no-such-tool', arguments: {} });
      ok(false, 'an unknown tool must be a protocol error');
    } catch (e) {
      ok(e instanceof McpError && e.message.includes('unknown tool'), `unknown tool: ${e}`);
    }

    // Resources.
    const { resources } = await client.listResources();
    const uris = new Set(resources.map((r) => r.uri));
    for (const uri of ['corsfix://errors', 'corsfix://rules', 'corsfix://targets', 'corsfix://errors/missing-allow-origin-header', 'corsfix://rules/CORS001']) {
      ok(uris.has(uri), `resource ${uri} listed`);
    }
    for (const r of resources) {
      const { contents } = await client.readResource({ uri: r.uri });
      ok(contents[0].text.startsWith('# ') && contents[0].mimeType === 'text/markdown', `${r.uri}: markdown`);
    }
    const { resourceTemplates } = await client.listResourceTemplates();
    ok(JSON.stringify(resourceTemplates.map((t) => t.uriTemplate).sort()) === JSON.stringify(['corsfix://errors/{slug}', 'corsfix://rules/{code}']), 'templates');
    const targets = (await client.readResource({ uri: 'corsfix://targets' })).contents[0].text;
    ok(targets.includes('`express`') && targets.includes('`nginx`'), 'the targets resource lists the targets');
    try {
      await client.readResource({ uri: 'corsfix://rules/CORS999' });
      ok(false, 'an unknown resource must be a protocol error');
    } catch (e) {
      ok(e instanceof McpError && e.message.includes('no resource'), `unknown resource: ${e}`);
    }

    // Still serving.
    const again = await client.callTool({ name: 'targets', arguments: {} });
    ok(!again.isError && again.structuredContent.targets.length > 10, 'still serving');
  } finally {
    await client.close();
    server.close();
  }
  console.log(`typescript mcp client: ${passed} passed, 0 failed`);
}

main().catch((e) => {
  console.error(`typescript mcp client: FAILED after ${passed} checks: ${e.stack || e}`);
  process.exit(1);
});
