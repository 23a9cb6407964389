#!/usr/bin/env node
// `npx mailctl`: see tools/launch.cjs for why it may compile first.
require('../../launch.cjs')
  .launch('dist/tools/mailctl/src/main.js', ['tools/mailctl/src', 'libs/contracts/src'])
  .runCli();
