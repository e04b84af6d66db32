// Parses Mermaid files with the real Mermaid parser (mermaid.parse) under jsdom.
// Usage: node parse.mjs NODE_MODULES_PARENT FILE...
// Prints "ok FILE" or "FAIL FILE message" per file; exits 1 when any fails.
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import { join } from 'path';
import { pathToFileURL } from 'url';

const [dir, ...files] = process.argv.slice(2);
const require = createRequire(join(dir, 'package.json'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(join(dir, 'node_modules/mermaid/dist/mermaid.core.mjs')));
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of files) {
  try {
    await mermaid.parse(readFileSync(f, 'utf8'));
    console.log('ok', f);
  } catch (e) {
    bad++;
    console.log('FAIL', f, String((e && e.message) || e).replace(/\n/g, ' | '));
  }
}
process.exit(bad ? 1 : 0);
