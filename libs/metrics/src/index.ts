export * from './classification';
export * from './classification-metrics';
export * from './ranking';
export * from './ranking-metrics';
export * from './significance';
