// Minify the learner runtime's scripts for shipping: `node scripts/minify_runtime.mjs` after editing
// a script in templates/runtime/ (`--check`: only say which minified copy is stale; exit 1 if any).
//
// terser (pinned in tests/lms/package.json) renames local variables and drops comments and white
// space; nothing else is rewritten (no compression passes), and function names are kept, so a stack
// trace from a learner's browser still names the functions of the sources. Each copy, in
// templates/runtime/min/, starts with the SHA-256 of the source it was made from: the build ships
// a copy only while it matches its source, and minifies a changed source itself, less tightly
// (builder/runtime_bundle.py); tests/test_runtime.py fails while a copy is stale.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const runtime = join(repo, 'templates', 'runtime');
const made = join(runtime, 'min');
const { minify } = createRequire(join(repo, 'tests', 'lms', 'package.json'))('terser');

const OPTIONS = { compress: false, mangle: { keep_fnames: true }, format: { comments: false } };

/** The first line of a minified copy: what it was made from, and how. */
function header(name, source) {
  const digest = createHash('sha256').update(source, 'utf8').digest('hex');
  return `// sha256 ${digest} of templates/runtime/${name}, minified by scripts/minify_runtime.mjs: do not edit\n`;
}

const check = process.argv.includes('--check');
const stale = [];
mkdirSync(made, { recursive: true });
for (const name of readdirSync(runtime).filter((n) => n.endsWith('.js')).sort()) {
  // Line ends as Python reads them (a Windows checkout's CRLF): the stamps must agree with the build's.
  const source = readFileSync(join(runtime, name), 'utf8').replace(/\r\n?/g, '\n');
  const result = await minify({ [name]: source }, OPTIONS);
  const text = header(name, source) + result.code + '\n';
  let current = '';
  try { current = readFileSync(join(made, name), 'utf8'); } catch { /* not made yet */ }
  if (current === text) continue;
  stale.push(name);
  if (!check) writeFileSync(join(made, name), text);
}
if (check && stale.length) {
  console.error(`stale minified runtime: ${stale.join(', ')}; run: node scripts/minify_runtime.mjs`);
  process.exit(1);
}
console.log(stale.length ? `minified: ${stale.join(', ')}` : 'minified runtime up to date');
