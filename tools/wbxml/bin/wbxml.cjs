#!/usr/bin/env node
// `npm run wbxml -- decode|encode FILE|-`: see tools/launch.cjs for why it may compile first.
require('../../launch.cjs').launch('dist/tools/wbxml/cli.js', ['tools/wbxml', 'libs/wbxml/src']);
