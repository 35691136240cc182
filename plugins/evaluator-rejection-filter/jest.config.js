module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-rejection-filter' };
