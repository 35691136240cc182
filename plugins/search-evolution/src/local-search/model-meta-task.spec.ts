import { Rng, type Interactions } from '@recsearch/core';
import { compileLoss, defaultOperatorTable, withNodeWeights } from '@recsearch/expr';
import { prepareData } from '@recsearch/training';
import { smallTrainingSetup } from '@recsearch/training/testing';
import { syntheticDataset } from '@recsearch/data';
import { localSearch } from './local-search';
import { modelMetaObjective, modelMetaTask, type LabelledBatch } from './model-meta-task';

jest.setTimeout(30_000);

const table = defaultOperatorTable();
const setup = smallTrainingSetup(3);
const freshMf = (seed: number) =>
  setup.models.create({ users: setup.data.dataset.userCount, items: setup.data.dataset.itemCount, seed, optimizer: { kind: 'sgd' } });

function rows(part: Interactions, count: number, rng: Rng): LabelledBatch {
  const picked = Array.from({ length: count }, () => rng.int(0, part.users.length - 1));
  return {
    users: Int32Array.from(picked, (r) => part.users[r]),
    items: Int32Array.from(picked, (r) => part.items[r]),
    labels: Float32Array.from(picked, (r) => part.ratings[r]),
  };
}

describe('modelMetaObjective on native MF', () => {
  const rng = Rng.fromSeed(1);
  const train = rows(setup.data.split.train, 128, rng);
  const validation = rows(setup.data.split.validation, 256, rng);
  const model = freshMf(5);
  const initial = model.snapshot();
  const objective = (loss: ReturnType<typeof compileLoss>, phi: Record<string, number>, alpha: number) => {
    model.restore(initial);
    return modelMetaObjective(model, train, validation, loss, phi, alpha);
  };

  it.each([
    ['(yhat - y)^2', 1, 0.01, 2e-3],
    ['aq(tanh(yhat) - y, yhat * y) + max(yhat, y) * abs(y - yhat)', 1, 0.01, 2e-3],
    // α = 0.01 moves f by ~1e-6 per 0.1 of φ: the difference quotient sits nearer float32 noise.
    ['log(yhat + 1) * (1 - y) - y * sqrt(yhat)', 0.01, 0.1, 2e-2],
  ])('has the gradient of central differences of f(φ) for %s (α = %p)', (source, alpha, h, tolerance) => {
    const { expr, weights } = withNodeWeights(table.parse(source));
    const loss = compileLoss(expr, { differentiate: weights });
    const phiRng = Rng.fromSeed(2);
    const phi = Object.fromEntries(weights.map((name) => [name, 1 + 0.3 * phiRng.normal()]));
    const { gradient } = objective(loss, phi, alpha);
    const numeric = weights.map((name) => (objective(loss, { ...phi, [name]: phi[name] + h }, alpha).value - objective(loss, { ...phi, [name]: phi[name] - h }, alpha).value) / (2 * h));
    const scale = Math.max(...numeric.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-7);
    numeric.forEach((value, k) => expect(Math.abs(gradient[k] - value)).toBeLessThan(tolerance * scale));
  });

  it('is the validation BCE after one SGD step taken by hand (MSE: ∂ℓ/∂ŷ = 2(ŷ − y)), and the initial BCE when φ = 0', () => {
    const { expr, weights } = withNodeWeights(table.parse('(yhat - y)^2'));
    const loss = compileLoss(expr, { differentiate: weights });
    const alpha = 1.5;
    const byHand = freshMf(5);
    const bceOf = (yhat: Float32Array) =>
      yhat.reduce((sum, p, r) => sum - (validation.labels[r] * Math.log(p) + (1 - validation.labels[r]) * Math.log(1 - p)), 0) / yhat.length;
    const before = bceOf(byHand.predict(validation, false));
    const yhat = byHand.predict(train, false);
    byHand.backward(Float32Array.from(yhat, (p, r) => (2 * (p - train.labels[r])) / train.users.length));
    byHand.applyGradients(byHand.layerGroups.map(() => ({ learningRate: alpha, l2: 0 })));
    const after = bceOf(byHand.predict(validation, false));
    const ones = Object.fromEntries(weights.map((name) => [name, 1]));
    expect(Math.abs(after - before)).toBeGreaterThan(1e-3); // the step moved the model
    expect(objective(loss, ones, alpha).value).toBeCloseTo(after, 6);
    expect(objective(loss, { ...ones, phi0: 0 }, alpha).value).toBeCloseTo(before, 6);
  });
});

describe('local search on the run\'s model', () => {
  const task = modelMetaTask(setup, { innerLearningRate: 1, trainRows: 64, validationRows: 128 });
  const tree = table.parse('(yhat - y)^2 + tanh(yhat) * y');

  it('draws its initialisations and rows from the search\'s stream: a pure function of the tree and the seed', () => {
    const settings = { steps: 4, learningRate: 1e-2, seed: 4, task };
    const first = localSearch(tree, settings);
    expect(first.steps).toBe(4);
    expect(localSearch(tree, settings)).toEqual(first);
    expect(localSearch(tree, { ...settings, seed: 5 }).parameters).not.toEqual(first.parameters);
  });

  it('lowers the mean meta-objective over fresh initialisations and rows (φ starts near 1)', () => {
    const found = localSearch(tree, { steps: 60, learningRate: 2e-2, seed: 1, task });
    const { expr, weights } = withNodeWeights(tree);
    const loss = compileLoss(expr, { differentiate: weights });
    const mean = (phi: Record<string, number>) => {
      const rng = Rng.fromSeed(77);
      let total = 0;
      for (let k = 0; k < 12; k++) total += task.step(loss, phi, rng).value;
      return total / 12;
    };
    expect(found.steps).toBe(60);
    expect(mean(found.parameters)).toBeLessThan(mean(Object.fromEntries(weights.map((name) => [name, 1]))) - 1e-3);
  });
});

describe('modelMetaTask on a ranking setup', () => {
  it('labels sampled positives 1 and random items 0, and gives a finite objective and gradient', () => {
    const dataset = syntheticDataset({ users: 60, items: 80, ratings: 1500, seed: 2 });
    const ranking = { ...setup, data: prepareData(dataset, { task: 'ranking', binariseAt: 4, negatives: 1 }, Rng.fromSeed(2)) };
    const task = modelMetaTask(ranking, { innerLearningRate: 1, trainRows: 32, validationRows: 32, initialisations: 2 });
    const { expr, weights } = withNodeWeights(table.parse('(yhat - y)^2'));
    const loss = compileLoss(expr, { differentiate: weights });
    const { value, gradient } = task.step(loss, { phi0: 1, phi1: 1 }, Rng.fromSeed(1));
    expect(value).toBeGreaterThan(0);
    expect(Number.isFinite(value)).toBe(true);
    expect(gradient.every(Number.isFinite)).toBe(true);
    expect(gradient.some((g) => g !== 0)).toBe(true);
  });
});
