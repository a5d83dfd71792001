export * from './model';
export * from './server';
