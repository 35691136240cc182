export * from './synthetic-verdict';
export * from './strategy-conformance';
export * from './evaluator-conformance';
