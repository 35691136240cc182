module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator-proxy-test' };
