module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-validation-check' };
