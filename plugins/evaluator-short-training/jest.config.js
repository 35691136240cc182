module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-short-training' };
