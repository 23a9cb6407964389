export * from './roles';
export * from './bus/bus-error';
export * from './bus/subject';
export * from './health/health';
export * from './directory/credentials';
export * from './directory/values';
export * from './directory/domains';
export * from './directory/recipients';
