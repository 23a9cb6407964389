// One jest run covers every project: unit specs beside the code (*.spec.ts) and end-to-end
// suites (*.e2e-spec.ts). swc transforms with the same settings the build uses (.swcrc).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^@mail/runtime/testing$': '<rootDir>/libs/runtime/src/testing/index.ts',
    '^@mail/(contracts|policy|runtime|wbxml)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testTimeout: 60000,
};
