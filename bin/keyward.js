#!/usr/bin/env node
// `npx keyward <command>`: runs the built CLI (npm ci builds it through the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'server', 'cli.js');
if (!existsSync(cli)) {
  console.error('keyward: the server is not built yet; run `npm run build:server` (or `npm ci`, which builds it).');
  process.exit(1);
}
require(cli);
