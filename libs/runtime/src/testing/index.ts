export * from './services';
export * from './server-process';
export * from './databases';
export * from './https-client';
export * from './stack';
export * from './eas-client';
export * from './smtp-sink';
