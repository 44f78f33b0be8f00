/**
 * Rewrites test/fixtures/mime/*.expected.json from the current parser. Review the diff (and run
 * crosscheck-dovecot.js) before keeping the result: the expectations are the contract.
 *
 *   node dist/bench/mime/update-expected.js
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexMessage } from '../../src/mime/index.js';
import { expectationOf } from '../../test/mime/golden-format.js';

const DIR = new URL('../../../test/fixtures/mime/', import.meta.url).pathname;
let n = 0;
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.eml')).sort()) {
  const ix = indexMessage(readFileSync(join(DIR, file)));
  writeFileSync(join(DIR, file.replace(/\.eml$/, '.expected.json')), JSON.stringify(expectationOf(ix), null, 2) + '\n');
  n++;
}
console.log(`${n} expectations written`);
