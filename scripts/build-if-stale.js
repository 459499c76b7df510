#!/usr/bin/env node
'use strict';
/**
 * The build-freshness check in front of every command-line entry point (npm start, seed,
 * tenant:create, apikey:*, migrate, schema, docs, bench): runs the TypeScript build only when
 * the compiled output in dist/ is not the output of the sources as they are now.
 *
 * "As they are now" is a SHA-256 over the path and content of every file the build compiles
 * (tsconfig.build.json's include globs), the two tsconfig files and the TypeScript version; the
 * build writes it to dist/.build-stamp when tsc succeeds. Contents, not mtimes: a checkout, a
 * copy or a clock change cannot make a stale build look current.
 *
 *   node scripts/build-if-stale.js           build when stale (quiet when current)
 *   node scripts/build-if-stale.js --check   exit 1 when stale, build nothing
 *   node scripts/build-if-stale.js --force   build whatever the stamp says
 *
 * A build starts from an empty dist/ and writes the stamp last, so a failed build leaves none.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const TSCONFIG = 'tsconfig.build.json';

/** The include globs of tsconfig.build.json, which are all of the form `dir/**\/*.ts` or `file.ts`. */
function inputs() {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, TSCONFIG), 'utf8'));
  const files = new Set(['tsconfig.json', TSCONFIG]);
  for (const pattern of config.include) {
    const recursive = /^(.*)\/\*\*\/\*(\.[a-z]+)$/.exec(pattern);
    if (recursive) walk(recursive[1], recursive[2], files);
    else if (fs.existsSync(path.join(ROOT, pattern))) files.add(pattern);
    else if (/[*?]/.test(pattern)) throw new Error(`build-if-stale: unsupported include pattern ${pattern} in ${TSCONFIG}`);
  }
  return [...files].sort();
}

function walk(dir, ext, out) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(rel, ext, out);
    else if (entry.name.endsWith(ext) && !entry.name.endsWith('.d.ts')) out.add(rel);
  }
}

function fingerprint() {
  const hash = crypto.createHash('sha256');
  hash.update(`typescript ${require('typescript/package.json').version}\n`);
  for (const file of inputs()) {
    hash.update(`${file}\n`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

function current(print) {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === print;
  } catch {
    return false;
  }
}

function build(print) {
  // From an empty dist/: the compiled file of a source deleted since the last build would
  // otherwise stay behind, and the resolver loader (src/schema/build-schema.ts) would load it.
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', TSCONFIG], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(STAMP, `${print}\n`);
}

const mode = process.argv[2];
const print = fingerprint();
if (mode === '--check') process.exit(current(print) ? 0 : 1);
if (mode === '--force' || !current(print)) build(print);
