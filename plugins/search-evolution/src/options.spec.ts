import { defaultOperatorTable } from '@recsearch/expr';
import { EvolutionSettingsError, resolveSettings, type EvolutionOptions } from './options';

const table = defaultOperatorTable();
const settingOf = (options: EvolutionOptions): string => {
  try {
    resolveSettings(options, table);
  } catch (error) {
    if (error instanceof EvolutionSettingsError) return error.setting;
    throw error;
  }
  return 'accepted';
};

describe('resolveSettings', () => {
  it('gives EvoMAL\'s defaults', () => {
    const settings = resolveSettings({}, table);
    expect(settings.primitives.map((op) => op.name)).toEqual(['add', 'sub', 'mul', 'aq', 'min', 'max', 'sign', 'square', 'abs', 'log', 'sqrt', 'tanh']);
    expect(settings.repairOperators.map((op) => op.name)).toEqual(['add', 'sub', 'mul', 'aq']);
    expect(settings).toMatchObject({
      populationSize: 25, generations: 50, initialHeight: { min: 2, max: 4 }, maxHeight: 10, mutationHeight: { min: 0, max: 2 },
      crossoverRate: 0.7, mutationRate: 0.25, reproductionRate: 0.05, tournamentSize: 4, elites: 1, localSearch: false, localSearchSteps: 250,
      localSearchLearningRate: 1e-3, localSearchInnerLearningRate: 0.01, localSearchTrainRows: 128, localSearchValidationRows: 256,
    });
    expect(resolveSettings({}, table).localSearchInitialisations).toBeUndefined();
    expect(resolveSettings({ populationSize: 100 }, table).elites).toBe(5);
    expect(resolveSettings({ elitism: false }, table).elites).toBe(0);
  });

  it('repairs with any binary primitive when no arithmetic one is configured', () => {
    expect(resolveSettings({ primitives: ['max', 'tanh'] }, table).repairOperators.map((op) => op.name)).toEqual(['max']);
  });

  it.each<[string, EvolutionOptions, string]>([
    ['an empty primitive set', { primitives: [] }, 'primitives'],
    ['an unknown operator', { primitives: ['add', 'nope'] }, 'primitives'],
    ['no binary operator to repair with', { primitives: ['tanh', 'abs'] }, 'primitives'],
    ['a tournament larger than the population', { populationSize: 3, tournamentSize: 4 }, 'tournamentSize'],
    ['rates that do not sum to one', { crossoverRate: 0.7, mutationRate: 0.7, reproductionRate: 0 }, 'crossoverRate'],
    ['a maximum height below the initial one', { maxHeight: 4 }, 'maxHeight'],
    ['an inverted height range', { initialHeight: { min: 4, max: 2 } }, 'initialHeight'],
    ['elites filling the population', { populationSize: 4, tournamentSize: 2, eliteFraction: 1 }, 'eliteFraction'],
    ['no generations', { generations: 0 }, 'generations'],
  ])('rejects %s with a typed error', (_, options, setting) => {
    expect(settingOf(options)).toBe(setting);
  });
});
