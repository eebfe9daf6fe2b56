// tools/mock-upstream is a project of its own with its own jest config.
const base = require('../jest.preset.cjs')(__dirname);
module.exports = { ...base, testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/mock-upstream/'] };
