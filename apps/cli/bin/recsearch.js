#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly (ts-node with swc, no type check: `npm run typecheck` does that).
const Module = require('node:module');
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../../..');
// Plugins loaded from paths outside the workspace resolve `@recsearch/core` and `inversify` to
// recsearch's own copies, so tokens and containers are shared.
process.env.NODE_PATH = [path.join(workspaceRoot, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();

require('ts-node').register({ swc: true, project: path.join(workspaceRoot, 'tsconfig.json') });
require('../src/main').main(process.argv).then((code) => {
  process.exitCode = code;
});
