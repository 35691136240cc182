const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/** One jest project per workspace project that has a jest.config.js. */
const projectDirs = ['libs', 'plugins', 'apps', 'tools']
  .filter((group) => existsSync(join(__dirname, group)))
  .flatMap((group) => readdirSync(join(__dirname, group)).map((name) => join(group, name)))
  .filter((dir) => existsSync(join(__dirname, dir, 'jest.config.js')));

module.exports = { projects: projectDirs.map((dir) => `<rootDir>/${dir}`) };
