export * from './roles';
export * from './bus/bus-error';
export * from './bus/subject';
export * from './health/health';
export * from './directory/credentials';
