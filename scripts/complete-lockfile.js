#!/usr/bin/env node
/**
 * Puts back into package-lock.json the optional, platform-specific packages (macOS and Windows
 * builds of @swc/core, rollup, esbuild, …) that npm leaves out when the registry it talks to does
 * not describe them. Without them `npm ci` refuses the lock ("Missing: … from lock file"). Each is
 * added as an optional package of the version its parent asks for: npm installs it on the platform
 * it is for and skips it elsewhere. Run it after any `npm install` that rewrites the lock:
 *   node scripts/complete-lockfile.js
 */
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Where Node would find `name` from the package at `path` (its own node_modules, then upwards). */
function resolves(path, name) {
  for (let at = path; ; ) {
    if (packages[`${at === '' ? '' : `${at}/`}node_modules/${name}`]) return true;
    if (at === '') return false;
    const i = at.lastIndexOf('/node_modules/');
    at = i < 0 ? '' : at.slice(0, i);
  }
}

let added = 0;
const skipped = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(path, name)) continue;
    const version = /^[\^~=]?(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(spec)?.[1];
    if (!version) {
      skipped.push(`${name}@${spec}`);
      continue;
    }
    packages[`node_modules/${name}`] = { version, optional: true };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform package(s)${skipped.length ? `; left out (not an exact version): ${skipped.join(', ')}` : ''}`);
