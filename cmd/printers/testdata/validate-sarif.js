// Validates the SARIF logs named on the command line against the SARIF 2.1.0
// JSON schema (draft-04) with ajv, formats included (uri, uri-reference,
// date-time). Prints the errors of an invalid log and exits 1.
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not a valid unicode-mode RegExp;
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = false;
for (const file of process.argv.slice(2)) {
  if (!validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
    failed = true;
    console.log(file + ': ' + JSON.stringify(validate.errors, null, 1));
  }
}
process.exit(failed ? 1 : 0);
