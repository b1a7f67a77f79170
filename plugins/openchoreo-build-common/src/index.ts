/**
 * Shared types, permissions, annotation names and status derivation of the OpenChoreo Build plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './status';
export * from './kubernetes/meta';
export * from './kubernetes/openchoreo';
export * from './kubernetes/argo';
export * from './kubernetes/argoTemplates';
export * from './api/jsonSchema';
export * from './api/buildPlanes';
export * from './api/workflows';
export * from './api/runs';
export * from './api/components';
export * from './api/events';
export * from './api/logs';
export * from './api/webhooks';
export * from './rules/runOrder';
export * from './rules/runSpecRules';
export * from './rules/clusterLinks';
export * from './rules/gitHostLinks';
export * from './rules/secretStoreKeys';
export * from './kubernetes/openchoreoV1';
export * from './rules/generation';
export * from './rules/repositoryFields';
export * from './rules/settings';
export * from './holos';
export * from './parameters';
