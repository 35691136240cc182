export * from './data-options';
export * from './prepare-data';
export * from './training-options';
export * from './resolve-loss';
export * from './evaluate-model';
export * from './train-model';
export * from './training-setup';
