export * from './correlation';
export * from './situation-workflow';
