/**
 * The run's operator table (built-ins, plugin operators and the config's composites), as a
 * run-level service: strategies and evaluators parse and compile candidates with it.
 */
export const RunOperatorTable = Symbol.for('recsearch.RunOperatorTable');
