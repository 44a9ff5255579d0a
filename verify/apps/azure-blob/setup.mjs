// Apply the generated cors.sh to Azurite with the Azure Storage SDK, the way
// `az storage cors clear` + `az storage cors add --services b` do (one CorsRule on the Blob
// service, lists joined with commas), then upload the route contract's blobs.
import fs from 'node:fs';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

const port = process.argv[2];
// Azurite's documented development account.
const account = 'devstoreaccount1';
const key =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// The words after each `--option` of the `az storage cors add` command, shell-unquoted.
function words(line) {
  const out = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : m[2]);
  return out;
}
const text = fs.readFileSync('cors.sh', 'utf8');
const add = text.slice(text.indexOf('az storage cors add'));
const opts = {};
let current = null;
for (const w of words(add.replace(/\\\n/g, ' ').split('\n')[0])) {
  if (w.startsWith('--')) {
    current = w.slice(2);
    opts[current] = [];
  } else if (current) {
    opts[current].push(w);
  }
}
const rule = {
  allowedOrigins: (opts.origins || []).join(','),
  allowedMethods: (opts.methods || []).join(','),
  allowedHeaders: (opts['allowed-headers'] || []).join(','),
  exposedHeaders: (opts['exposed-headers'] || []).join(','),
  maxAgeInSeconds: Number((opts['max-age'] || ['0'])[0]),
};
fs.writeFileSync('applied-rule.json', JSON.stringify(rule, null, 2));

const service = new BlobServiceClient(
  `http://127.0.0.1:${port}/${account}`,
  new StorageSharedKeyCredential(account, key),
);
for (let i = 0; ; i++) {
  try {
    await service.setProperties({ cors: [rule] });
    break;
  } catch (e) {
    if (i > 100) throw e;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const api = service.getContainerClient('api');
await api.create({ access: 'blob' });
const body = '{"ok":true}';
await api
  .getBlockBlobClient('items')
  .upload(body, body.length, { blobHTTPHeaders: { blobContentType: 'application/json' } });
const priv = service.getContainerClient('private');
await priv.create();
await priv
  .getBlockBlobClient('private')
  .upload(body, body.length, { blobHTTPHeaders: { blobContentType: 'application/json' } });
