export * from './atomic-write';
export * from './event-log';
export * from './run-store';
export * from './list-runs';
