export * from './OpenChoreoBuildApi';
export * from './OpenChoreoBuildClient';
