module.exports = { ...require('../../jest.preset.js'), displayName: 'dataset-movielens' };
