import { buildpacksBuild, clone, wantsMissingDockerfile } from './buildScripts';
import { hex } from './names';
import { ansi, between, podmanCopy, Script, ScriptContext } from './scriptKit';
import { workloadPayload } from '../workflowRun/workloadAnnotation';

/**
 * The steps of OpenChoreo v1.x's sample ClusterWorkflowTemplates
 * (`samples/getting-started/workflow-templates/*.yaml@v1.2.3`), which the sample ClusterWorkflows
 * `dockerfile-builder` and `paketo-buildpacks-builder` reference step by step with `templateRef`.
 * Each prints what its template's `args` echo (and what git, podman, pack and occ print there) and
 * writes the outputs the template declares.
 */

/** Where `publish-image@v1.2.3` pushes (`REGISTRY_ENDPOINT`). */
export const V1_REGISTRY = 'ttl.sh/openchoreo-builds';

/**
 * The outputs each v1.x template declares, by `<ClusterWorkflowTemplate>/<template>`: used when
 * the template itself is not on the build plane (the sandbox does not install it).
 */
export const V1_TEMPLATE_OUTPUTS: Record<
  string,
  Array<{ name: string; path: string }>
> = {
  'checkout-source/checkout': [
    { name: 'git-revision', path: '/tmp/git-revision.txt' },
  ],
  'containerfile-build/build-image': [],
  'paketo-buildpacks-build/build-image': [],
  'publish-image/publish-image': [{ name: 'image', path: '/tmp/image.txt' }],
  'generate-workload/generate-workload-cr': [],
};

/** `${IMAGE_NAME}:${IMAGE_TAG}-${GIT_REVISION}` as the build and publish templates compose it. */
function localImage(ctx: ScriptContext): string {
  return `${ctx.params['image-name'] || 'app'}:${
    ctx.params['image-tag'] || 'v1'
  }-${ctx.gitRevision}`;
}

/** The image `publish-image` pushes and writes to `/tmp/image.txt`. */
export function publishedImage(ctx: ScriptContext): string {
  return `${V1_REGISTRY}/${localImage(ctx)}`;
}

/** `checkout-source/checkout`: the parameter echo, the clone, `git-revision` = the commit's first 8 characters. */
function checkout(ctx: ScriptContext): Script {
  const { params } = ctx;
  const commit = params.commit ?? '';
  const base = clone(ctx);
  const cloneLines = base.lines.filter(l => !l.startsWith('Cloning '));
  return {
    ...base,
    lines: [
      `>> Repository: ${params['git-repo'] ?? ''}`,
      `>> Branch: ${params.branch || '<not specified>'}`,
      `>> Commit: ${commit || '<not specified>'}`,
      '>> Authentication: none (public repository)',
      "Cloning into '/mnt/vol/source'...",
      ...cloneLines,
      commit
        ? `>> Checked out commit: ${commit}`
        : `>> Checked out branch: ${params.branch || 'main'} (commit: ${
            ctx.gitRevision
          }${hex(ctx.random, 32)})`,
      '>> Repository cloned successfully',
      '>> Source directory contents:',
      'total 48',
      'drwxr-xr-x    9 root     root          4096 .',
      'drwxrwxrwx    3 root     root          4096 ..',
      'drwxr-xr-x    8 root     root          4096 .git',
      '-rw-r--r--    1 root     root         11357 LICENSE',
      '-rw-r--r--    1 root     root          2180 README.md',
    ],
  };
}

/** `containerfile-build/build-image`: podman build of the Dockerfile, then `podman save`. */
function containerfileBuild(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const image = localImage(ctx);
  const dockerfile = params['dockerfile-path'] || './Dockerfile';
  const context = params['docker-context'] || '.';
  const head = [
    `>> Image: ${image}`,
    `>> Dockerfile: ${dockerfile}`,
    `>> Docker context: ${context}`,
  ];
  if (wantsMissingDockerfile(params['app-path'] ?? '', dockerfile, context))
    return {
      mainMs: between(random, 2000, 4000),
      lines: [
        ...head,
        `>> Error: Dockerfile not found at: '${dockerfile}'`,
        '>> Hint: Verify that the Dockerfile path is correct and relative to the repository root.',
        '>> Repository contents:',
        'total 48',
      ],
      outputs: [],
      fail: { message: 'Error (exit code 1)', exitCode: 1 },
    };
  const steps = [
    'FROM golang:1.22-alpine AS builder',
    'WORKDIR /src',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /bin/app ./...',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=builder /bin/app /app',
    'ENTRYPOINT ["/app"]',
  ];
  const lines = [...head, '>> Building image'];
  steps.forEach((step, i) => {
    lines.push(
      `${ansi.bold}${ansi.blue}STEP ${i + 1}/${steps.length}:${
        ansi.reset
      } ${step}`,
      `${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`,
    );
  });
  lines.push(
    `${ansi.bold}COMMIT${ansi.reset} ${image}`,
    `${ansi.green}Successfully tagged localhost/${image}${ansi.reset}`,
    hex(random, 64),
    '>> Image built successfully',
  );
  return { mainMs: between(random, 45000, 100000), lines, outputs: [] };
}

/** `paketo-buildpacks-build/build-image`: a `pack build` with the Paketo builder. */
function paketoBuild(ctx: ScriptContext): Script {
  const base = buildpacksBuild(ctx);
  return {
    ...base,
    lines: [
      `>> Image: ${localImage(ctx)}`,
      '>> Builder: paketobuildpacks/builder-jammy-base:latest',
      ...base.lines,
      '>> Image built successfully',
    ],
  };
}

/** `publish-image/publish-image`: `podman load`, tag, push to ttl.sh; output `image`. */
function publish(ctx: ScriptContext): Script {
  const { random } = ctx;
  const image = publishedImage(ctx);
  return {
    mainMs: between(random, 8000, 20000),
    lines: [
      `>> Source image: ${localImage(ctx)}`,
      `>> Registry: ${V1_REGISTRY}`,
      '>> Authentication: no registry secret (anonymous push)',
      ...podmanCopy(random, 4),
      `Loaded image: localhost/${localImage(ctx)}`,
      '>> Pushing image to registry',
      ...podmanCopy(random, 4),
      `>> Image published successfully: ${image}`,
    ],
    outputs: [{ name: 'image', value: image, path: '/tmp/image.txt' }],
  };
}

/** `generate-workload/generate-workload-cr`: occ, the token, the Workload POST and the run's annotation PUT. */
function generateWorkload(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const ns = params['namespace-name'] || 'default';
  const project = params['project-name'] || 'default';
  const component = params['component-name'] || 'component';
  const run = params['workflowrun-name'] || ctx.workflow;
  const image = ctx.produced.image || publishedImage(ctx);
  const appPath = (params['app-path'] || '').replace(/^\/+/, '');
  const api = 'http://host.k3d.internal:8080';
  return {
    mainMs: between(random, 3000, 6000),
    lines: [
      `>> Image: ${image}`,
      '>> occ version: v1.2.3',
      `>> Descriptor path: /mnt/vol/source${appPath ? `/${appPath}` : ''}`,
      `>> Namespace: ${ns}, Project: ${project}, Component: ${component}`,
      '>> Workload descriptor: not found (will generate default workload)',
      '>> Generating default workload CR',
      // `cat "${WORKLOAD_JSON}"` (generate-workload.yaml@v1.2.3:133-134): the exact payload.
      '>> Generated workload JSON payload:',
      workloadPayload({ namespace: ns, project, component, image }),
      `>> Requesting OAuth token from https://host.k3d.internal:8080/oauth2/token`,
      '>> Successfully obtained access token',
      `>> Creating workload via ${api}/api/v1/namespaces/${ns}/workloads`,
      `>> Workload created successfully (HTTP 201): {"name":"${component}-workload"}`,
      `>> Getting WorkflowRun ${run}`,
      '>> Updating WorkflowRun with workload annotation',
      '>> WorkflowRun annotated successfully (HTTP 200)',
    ],
    outputs: [],
  };
}

/** The script of a v1.x template step, or undefined for any other template. */
export function v1Script(
  templateRef: string,
  template: string,
  ctx: ScriptContext,
): Script | undefined {
  switch (`${templateRef}/${template}`) {
    case 'checkout-source/checkout':
      return checkout(ctx);
    case 'containerfile-build/build-image':
      return containerfileBuild(ctx);
    case 'paketo-buildpacks-build/build-image':
      return paketoBuild(ctx);
    case 'publish-image/publish-image':
      return publish(ctx);
    case 'generate-workload/generate-workload-cr':
      return generateWorkload(ctx);
    default:
      return undefined;
  }
}
