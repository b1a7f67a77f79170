import type { ClusterWorkflowTemplate } from './gitopsTemplates';

/**
 * `docker-dag`: a ClusterWorkflowTemplate whose entrypoint is an Argo `dag` rather than the
 * `steps` OpenChoreo's samples use. OpenChoreo ships no such template; a platform team may write
 * one, since a ComponentWorkflow's `runTemplate` may reference any (Cluster)WorkflowTemplate on
 * the build plane. This one is the v0.9 build-plane chart's `docker` template
 * (`fixtures/reference/openchoreo/samples-v0.9.0/cluster-workflow-templates/docker.yaml`, Helm
 * escapes removed, the registry read from the `registry-url` parameter) with a source scan beside
 * the image build:
 *
 *   clone-step ─┬─ build-step ─┬─ push-step
 *               └─ scan-step  ─┘
 *
 * It has no `workload-create-step`, so a run of it ends Succeeded with no Workload
 * (`WorkloadUpdated=False`), as the GitOps templates' runs do. The sandbox's executor prints the
 * docker template's output for clone, build and push (`controller/argo/scripts.ts`), and a short
 * `trivy fs` report for scan.
 */
export const DOCKER_DAG = 'docker-dag';

const WORKSPACE = [{ mountPath: '/mnt/vol', name: 'workspace' }];
const GIT_REVISION = {
  parameters: [
    {
      name: 'git-revision',
      value: '{{tasks.clone-step.outputs.parameters.git-revision}}',
    },
  ],
};
/** The chart's podman storage set-up, which every podman step repeats. */
const PODMAN_STORAGE = `mkdir -p /etc/containers
cat > /etc/containers/storage.conf <<EOF
[storage]
driver = "overlay"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
[storage.options.overlay]
mount_program = "/usr/bin/fuse-overlayfs"
EOF`;

const CLONE = `set -e

BRANCH={{workflow.parameters.branch}}
REPO={{workflow.parameters.git-repo}}
COMMIT={{workflow.parameters.commit}}

if [[ -n "$COMMIT" ]]; then
    echo "Cloning specific commit: $COMMIT"
    git clone --no-checkout --depth 1 "$REPO" /mnt/vol/source
    cd /mnt/vol/source
    git config --global advice.detachedHead false
    git fetch --depth 1 origin "$COMMIT"
    git checkout "$COMMIT"
    echo -n "$COMMIT" | cut -c1-8 > /tmp/git-revision.txt
else
    echo "Cloning branch: $BRANCH with latest commit"
    git clone --single-branch --branch $BRANCH --depth 1 "$REPO" /mnt/vol/source
    cd /mnt/vol/source
    COMMIT_SHA=$(git rev-parse HEAD)
    echo -n "$COMMIT_SHA" | cut -c1-8 > /tmp/git-revision.txt
fi`;

const BUILD = `set -e

WORKDIR=/mnt/vol/source
IMAGE="{{workflow.parameters.image-name}}:{{workflow.parameters.image-tag}}-{{inputs.parameters.git-revision}}"
DOCKER_CONTEXT="{{workflow.parameters.docker-context}}"
DOCKERFILE_PATH="{{workflow.parameters.dockerfile-path}}"

${PODMAN_STORAGE}

podman build -t $IMAGE -f $WORKDIR/$DOCKERFILE_PATH $WORKDIR/$DOCKER_CONTEXT
podman save -o /mnt/vol/app-image.tar $IMAGE`;

const SCAN = `set -e

SOURCE="/mnt/vol/source/{{workflow.parameters.app-path}}"
echo "Scanning $SOURCE for HIGH and CRITICAL findings"
trivy fs --scanners vuln,secret --severity HIGH,CRITICAL --exit-code 1 "$SOURCE"`;

const PUSH = `set -e

GIT_REVISION={{inputs.parameters.git-revision}}
IMAGE_NAME={{workflow.parameters.image-name}}
IMAGE_TAG={{workflow.parameters.image-tag}}
SRC_IMAGE="\${IMAGE_NAME}:\${IMAGE_TAG}-\${GIT_REVISION}"
REGISTRY_ENDPOINT="{{workflow.parameters.registry-url}}"

${PODMAN_STORAGE}

podman load -i /mnt/vol/app-image.tar
podman tag $SRC_IMAGE $REGISTRY_ENDPOINT/$SRC_IMAGE
podman push --tls-verify=false $REGISTRY_ENDPOINT/$SRC_IMAGE

echo -n "$REGISTRY_ENDPOINT/$SRC_IMAGE" > /tmp/image.txt`;

/** A container template running `script` with `sh -c` on the shared workspace. */
function container(image: string, script: string, privileged: boolean) {
  return {
    image,
    command: ['sh', '-c'],
    args: [script],
    ...(privileged ? { securityContext: { privileged: true } } : {}),
    volumeMounts: WORKSPACE,
  };
}

const PODMAN_RUNNER = 'ghcr.io/openchoreo/podman-runner:v1.0';

/** The `docker-dag` ClusterWorkflowTemplate the sandbox seeds on the build plane (a fresh copy). */
export function dockerDagTemplate(): ClusterWorkflowTemplate {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ClusterWorkflowTemplate',
    metadata: { name: DOCKER_DAG },
    spec: {
      entrypoint: 'build-workflow',
      arguments: {
        parameters: [{ name: 'docker-context' }, { name: 'dockerfile-path' }],
      },
      templates: [
        {
          name: 'build-workflow',
          dag: {
            tasks: [
              { name: 'clone-step', template: 'clone-step' },
              {
                name: 'build-step',
                template: 'build-step',
                depends: 'clone-step',
                arguments: GIT_REVISION,
              },
              {
                name: 'scan-step',
                template: 'scan-step',
                depends: 'clone-step',
              },
              {
                name: 'push-step',
                template: 'push-step',
                depends: 'build-step && scan-step',
                arguments: GIT_REVISION,
              },
            ],
          },
        },
        {
          name: 'clone-step',
          outputs: {
            parameters: [
              {
                name: 'git-revision',
                valueFrom: { path: '/tmp/git-revision.txt' },
              },
            ],
          },
          container: container('alpine/git', CLONE, false),
        },
        {
          name: 'build-step',
          inputs: { parameters: [{ name: 'git-revision' }] },
          container: container(PODMAN_RUNNER, BUILD, true),
        },
        {
          name: 'scan-step',
          container: container('aquasec/trivy:0.58.1', SCAN, false),
        },
        {
          name: 'push-step',
          inputs: { parameters: [{ name: 'git-revision' }] },
          outputs: {
            parameters: [
              { name: 'image', valueFrom: { path: '/tmp/image.txt' } },
            ],
          },
          container: container(PODMAN_RUNNER, PUSH, true),
        },
      ],
      ttlStrategy: { secondsAfterCompletion: 3600 },
      volumeClaimTemplates: [
        {
          metadata: { name: 'workspace' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '2Gi' } },
          },
        },
      ],
    },
  };
}
