// Pieces of the embedded default, reused by the benchmark and tests.
export * from './child-process';
export * from './config';
export * from './embedded-postgres';
export * from './ports';
export * from './temporal-dev-server';
