// tools/mock-upstream, tools/bench and tools/dev-idp are projects of their own with their own jest configs.
const base = require('../jest.preset.cjs')(__dirname);
module.exports = {
  ...base,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/mock-upstream/', '/bench/', '/dev-idp/'],
};
