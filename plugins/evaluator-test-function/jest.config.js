module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-test-function' };
