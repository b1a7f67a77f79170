import type { ComponentObject, ProjectObject } from '../controlPlane/objects';

/**
 * OpenChoreo objects in the shapes of the real CRDs (each test checks them against the vendored
 * CRD with `crdValidator` before using them).
 */

const API_VERSION = 'openchoreo.dev/v1alpha1';

export interface ObjectOptions {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function metadata({ namespace, name, labels, annotations }: ObjectOptions) {
  return {
    namespace,
    name,
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** A v0.9 Project: `spec.deploymentPipelineRef` is a name (`project_types.go@v0.9.0`). */
export function projectV09(options: ObjectOptions): ProjectObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Project',
    metadata: metadata(options),
    spec: { deploymentPipelineRef: 'default' },
  };
}

/** A v1.2.3 Project: `spec.deploymentPipelineRef` and `spec.type` are references. */
export function projectV1(options: ObjectOptions): ProjectObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Project',
    metadata: metadata(options),
    spec: {
      deploymentPipelineRef: { kind: 'DeploymentPipeline', name: 'default' },
      type: { kind: 'ClusterProjectType', name: 'default' },
    },
  };
}

/** A v0.9 Component (the sandbox seed's shape): string `componentType`, `workflow.systemParameters`. */
export function componentV09(
  options: ObjectOptions & {
    project: string;
    componentType?: string;
    repositoryUrl?: string;
  },
): ComponentObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Component',
    metadata: metadata(options),
    spec: {
      owner: { projectName: options.project },
      componentType: options.componentType ?? 'deployment/service',
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url:
              options.repositoryUrl ??
              'https://github.com/openchoreo/sample-workloads',
            revision: { branch: 'main' },
            appPath: '/service-go-greeter',
          },
        },
      },
    },
  };
}

/**
 * A v1.2.3 Component as `samples/from-source/…@v1.2.3` writes them: `componentType{kind, name}`,
 * `workflow{kind, name, parameters.repository}`.
 */
export function componentV1(
  options: ObjectOptions & {
    project: string;
    componentType?: string;
    repositoryUrl?: string;
  },
): ComponentObject {
  return {
    apiVersion: API_VERSION,
    kind: 'Component',
    metadata: metadata(options),
    spec: {
      owner: { projectName: options.project },
      componentType: {
        kind: 'ClusterComponentType',
        name: options.componentType ?? 'deployment/web-application',
      },
      workflow: {
        kind: 'ClusterWorkflow',
        name: 'dockerfile-builder',
        parameters: {
          repository: {
            url:
              options.repositoryUrl ??
              'https://github.com/openchoreo/sample-workloads',
            revision: { branch: 'main' },
            appPath: '/project-latency-lab/frontend',
          },
        },
      },
    },
  };
}
