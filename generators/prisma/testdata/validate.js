// Validates the Prisma schemas named on the command line with Prisma's own
// schema engine compiled to wasm (@prisma/prisma-schema-wasm, offline, no
// engine download). Prints each file's errors and exits 1 when one is invalid.
const fs = require('fs');
global.PRISMA_WASM_PANIC_REGISTRY = { set_message() {} };
const wasm = require('@prisma/prisma-schema-wasm');
let failed = false;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    wasm.validate(JSON.stringify({ prismaSchema: [[file, text]], noColor: true }));
  } catch (e) {
    failed = true;
    let msg = e.message;
    try { msg = JSON.parse(e.message).message; } catch (_) {}
    console.log(file + ':\n' + msg);
  }
}
process.exit(failed ? 1 : 0);
