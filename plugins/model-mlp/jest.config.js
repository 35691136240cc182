module.exports = { ...require('../../jest.preset.js'), displayName: 'model-mlp' };
