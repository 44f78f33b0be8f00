/**
 * `npm run bench`: runs every benchmark (bench/<name>/main.js, in name order) one after the
 * other, each in its own Node process with its output passed through, and ends with how long
 * each took. Benchmarks print figures; a failing one is reported and the next one still runs.
 *
 *   node dist/bench/run.js [NAME ...] [-- OPTIONS]
 *
 * NAMEs pick benchmarks (default: all); OPTIONS after "--" are given to each of them.
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const names = split >= 0 ? argv.slice(0, split) : argv;
const forwarded = split >= 0 ? argv.slice(split + 1) : [];

const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'main.js')))
  .map((entry) => entry.name)
  .sort();
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`no benchmark "${name}" (available: ${available.join(', ')})`);
    process.exit(2);
  }
}
const chosen = names.length > 0 ? names : available;

function run(name: string): Promise<{ code: number | null; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, name, 'main.js'), ...forwarded], { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`bench/${name}: ${error.message}`);
      resolve({ code: null, seconds: (performance.now() - started) / 1000 });
    });
    child.on('exit', (code) => resolve({ code, seconds: (performance.now() - started) / 1000 }));
  });
}

const summary: string[] = [];
for (const name of chosen) {
  console.log(`\n===== bench/${name} =====`);
  const { code, seconds } = await run(name);
  summary.push(`  bench/${name.padEnd(10)} ${seconds.toFixed(0).padStart(5)} s${code === 0 ? '' : `  (exit ${code ?? 'error'})`}`);
  // A benchmark that crashed makes the run fail; figures that miss a target do not.
  if (code !== 0) process.exitCode = 1;
}
console.log(`\n===== summary =====\n${summary.join('\n')}`);
