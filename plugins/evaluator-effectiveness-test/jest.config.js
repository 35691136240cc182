module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-effectiveness-test' };
