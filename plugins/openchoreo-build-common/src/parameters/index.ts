export * from './fieldErrors';
export * from './lruCache';
export * from './shellText';
export * from './parameterValidator';
export * from './runValues';
export * from './runManifest';
