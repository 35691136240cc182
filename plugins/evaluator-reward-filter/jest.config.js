module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-reward-filter' };
