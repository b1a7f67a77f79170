import { buildpacksBuild, clone, dockerBuild } from './buildScripts';
import { hex } from './names';
import {
  ansi,
  between,
  gitCloneProgress,
  npmCiOutput,
  podmanCopy,
  reactScriptsBuildOutput,
  Script,
  ScriptContext,
} from './scriptKit';

/**
 * The steps of OpenChoreo's GitOps build-and-release templates
 * (`samples/gitops-workflows/component-workflows/build-and-release/*-gitops-release-template.yaml@v0.12.0`):
 * each prints what its template's `args` echo, in their order, and what the tools it runs (git,
 * podman, pack, npm, occ, gh) print there. Tokens are never printed: the templates put them in URLs
 * that git anonymizes and in `GH_TOKEN`.
 */

/**
 * The sandbox's emulated output of `git-commit-push-pr` (upstream declares none): the URL that
 * `gh pr create` prints. `steps.ts` `declaredOutputs` adds it to that template when a run reads it.
 */
export const PULL_REQUEST_URL = {
  template: 'git-commit-push-pr',
  name: 'pull-request-url',
  path: '/tmp/pull-request-url.txt',
};

const GITOPS_DIR = '/mnt/vol/gitops';

type Flavour = 'docker' | 'google-cloud-buildpacks' | 'react';

function flavourOf(templateRef: string): Flavour {
  if (templateRef.startsWith('react')) return 'react';
  if (templateRef.startsWith('google-cloud-buildpacks'))
    return 'google-cloud-buildpacks';
  return 'docker';
}

/** `date +%Y%m%d-%H%M%S` in the pod (UTC). */
function dateStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}

/** What the step scripts call their variables, from the workflow parameters. */
function names(ctx: ScriptContext) {
  const { params, produced } = ctx;
  const component = params['component-name'] || 'component';
  const project = params['project-name'] || 'default';
  const gitRevision = produced['git-revision'] ?? ctx.gitRevision;
  return {
    component,
    project,
    gitRevision,
    /** `SRC_IMAGE` / `IMAGE`: `<image-name>:<image-tag>-<git-revision>`. */
    localImage: `${params['image-name'] || 'app-image'}:${
      params['image-tag'] || 'v1'
    }-${gitRevision}`,
    containerImage: produced.image ?? ctx.image,
    repo:
      params['gitops-repo-url'] ||
      'https://github.com/openchoreo/sample-gitops',
    baseBranch: params['gitops-branch'] || 'main',
    environment: params['gitops-target-environment'] || 'development',
    release: `${component}-${gitRevision}`,
    branch:
      produced['branch-name'] ?? `release/${component}-${ctx.gitRevision}`,
  };
}

/** The workload descriptor the emulated source repository holds at `workload-descriptor-path`. */
function descriptor(ctx: ScriptContext): string {
  return [
    'apiVersion: openchoreo.dev/v1alpha1',
    'metadata:',
    `  name: ${names(ctx).component}`,
    'endpoints:',
    '  - name: http',
    '    port: 8080',
    '    type: HTTP',
    '',
  ].join('\n');
}

function cloneSource(ctx: ScriptContext): Script {
  const cloned = clone(ctx);
  // The source-git-credentials volume holds `git-token` once the per-run ExternalSecret synced.
  const auth = ctx.params['source-git-secret']
    ? 'Using git token for authentication'
    : 'No git token found, assuming public repository';
  return { ...cloned, lines: [auth, ...cloned.lines] };
}

/** `ls -la` of the React build output, as busybox prints it. */
function listing(ctx: ScriptContext, startedMs: number): string[] {
  const when = new Date(startedMs)
    .toUTCString()
    .replace(/^\w+, (\d+) (\w+) \d+ (\d+:\d+):\d+ GMT$/, '$2 $1 $3');
  const entry = (mode: string, links: number, size: number, name: string) =>
    `${mode}    ${links} root     root     ${String(size).padStart(
      9,
    )} ${when} ${name}`;
  return [
    'total 28',
    entry('drwxr-xr-x', 3, 4096, '.'),
    entry('drwxr-xr-x', 9, 4096, '..'),
    entry(
      '-rw-r--r--',
      1,
      between(ctx.random, 400, 700),
      'asset-manifest.json',
    ),
    entry('-rw-r--r--', 1, 3870, 'favicon.ico'),
    entry('-rw-r--r--', 1, between(ctx.random, 600, 900), 'index.html'),
    entry('drwxr-xr-x', 4, 4096, 'static'),
  ];
}

function buildReactApp(ctx: ScriptContext, startedMs: number): Script {
  const { params, random } = ctx;
  const appPath = params['app-path'] || '.';
  // The template joins with a slash of its own: `/mnt/vol/source/$APP_PATH`.
  const workdir =
    appPath === '.' ? '/mnt/vol/source' : `/mnt/vol/source/${appPath}`;
  const outputDir = params['output-dir'] || 'build';
  const buildCommand = params['build-command'] || 'npm run build';
  const node = params['node-version'] || '18';
  return {
    mainMs: between(random, 30000, 60000),
    lines: [
      `Building React application in: ${workdir}`,
      `Node version: v${node}.${between(random, 0, 20)}.${between(
        random,
        0,
        9,
      )}`,
      `NPM version: ${between(random, 9, 10)}.${between(
        random,
        0,
        9,
      )}.${between(random, 0, 4)}`,
      'Installing dependencies using npm ci...',
      ...npmCiOutput(random),
      `Running build command: ${buildCommand}`,
      ...reactScriptsBuildOutput(random, outputDir),
      'Build completed successfully',
      ...listing(ctx, startedMs),
    ],
    outputs: [],
  };
}

/** react-gitops-release's build-image: podman builds nginx serving the React build output. */
function nginxImage(ctx: ScriptContext): Script {
  const { random } = ctx;
  const image = names(ctx).localImage;
  const steps = [
    'FROM nginx:alpine',
    'RUN rm -rf /usr/share/nginx/html/*',
    'COPY build-output/ /usr/share/nginx/html/',
    "RUN echo 'server {     listen 80;     location / {         root /usr/share/nginx/html;         index index.html index.htm;         try_files $uri $uri/ /index.html;     } }' > /etc/nginx/conf.d/default.conf",
    'EXPOSE 80',
    'CMD ["nginx", "-g", "daemon off;"]',
  ];
  const lines = ['Building nginx container image for React app'];
  steps.forEach((step, i) => {
    lines.push(
      `${ansi.bold}${ansi.blue}STEP ${i + 1}/${steps.length}:${
        ansi.reset
      } ${step}`,
    );
    if (i === 0)
      lines.push(
        'Trying to pull docker.io/library/nginx:alpine...',
        ...podmanCopy(random, 6),
      );
    else lines.push(`${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`);
  });
  lines.push(
    `${ansi.bold}COMMIT${ansi.reset} ${image}`,
    `${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`,
    `${ansi.green}Successfully tagged localhost/${image}${ansi.reset}`,
    hex(random, 64),
    ...podmanCopy(random, 7), // podman save
    `Image built successfully: ${image}`,
  );
  return { mainMs: between(random, 20000, 40000), lines, outputs: [] };
}

function buildImage(ctx: ScriptContext): Script {
  const { params } = ctx;
  const image = names(ctx).localImage;
  switch (flavourOf(ctx.templateRef)) {
    case 'react':
      return nginxImage(ctx);
    case 'google-cloud-buildpacks': {
      const appPath = params['app-path'] || '.';
      const built = buildpacksBuild(ctx);
      return {
        ...built,
        lines: [
          'Building image using Google Cloud Buildpacks',
          `Builder: ${
            params['builder-image'] || 'gcr.io/buildpacks/builder:v1'
          }`,
          `Source: /mnt/vol/source${appPath}`,
          `Image: ${image}`,
          ...built.lines,
          `Image built successfully: ${image}`,
        ],
      };
    }
    default: {
      const built = dockerBuild(ctx);
      // `podman save -o /mnt/vol/app-image.tar` after a successful build.
      return built.fail
        ? built
        : { ...built, lines: [...built.lines, ...podmanCopy(ctx.random, 7)] };
    }
  }
}

function pushImage(ctx: ScriptContext): Script {
  const { random } = ctx;
  const { localImage } = names(ctx);
  return {
    mainMs: between(random, 8000, 20000),
    lines: [
      ...podmanCopy(random, 7), // podman load -i /mnt/vol/app-image.tar
      `Loaded image: localhost/${localImage}`,
      ...podmanCopy(random, 7), // podman push --tls-verify=false
    ],
    outputs: [{ name: 'image', value: ctx.image, path: '/tmp/image.txt' }],
  };
}

function extractDescriptor(ctx: ScriptContext): Script {
  const { params } = ctx;
  const file = `/mnt/vol/source${params['app-path'] ?? ''}/${
    params['workload-descriptor-path'] || 'workload.yaml'
  }`;
  return {
    mainMs: between(ctx.random, 1000, 3000),
    lines: [`Found workload descriptor at: ${file}`],
    outputs: [
      {
        name: 'descriptor-content',
        // `cat "$DESCRIPTOR_FILE" | base64 -w 0`
        value: Buffer.from(descriptor(ctx), 'utf8').toString('base64'),
        path: '/tmp/descriptor-content.txt',
      },
    ],
  };
}

function cloneGitops(ctx: ScriptContext): Script {
  const { repo, baseBranch } = names(ctx);
  return {
    mainMs: between(ctx.random, 4000, 8000),
    lines: [
      `Cloning GitOps repository: ${repo} (branch: ${baseBranch})`,
      ...gitCloneProgress(
        ctx.random,
        GITOPS_DIR,
        between(ctx.random, 100, 400),
      ),
    ],
    outputs: [],
  };
}

function createFeatureBranch(ctx: ScriptContext, startedMs: number): Script {
  const branch = `release/${names(ctx).component}-${dateStamp(startedMs)}`;
  return {
    mainMs: between(ctx.random, 1000, 2000),
    lines: [
      `Creating feature branch: ${branch}`,
      `Switched to a new branch '${branch}'`,
    ],
    outputs: [
      { name: 'branch-name', value: branch, path: '/tmp/branch-name.txt' },
    ],
  };
}

function generateResources(ctx: ScriptContext): Script {
  const n = names(ctx);
  const encoded = ctx.produced['descriptor-content'] ?? '';
  const componentDir = `${GITOPS_DIR}/projects/${n.project}/components/${n.component}`;
  const workload = encoded
    ? [
        'Using provided workload descriptor',
        'Workload descriptor content:',
        ...Buffer.from(encoded, 'base64')
          .toString('utf8')
          .trimEnd()
          .split('\n'),
      ]
    : ['No workload descriptor provided, generating basic workload'];
  return {
    mainMs: between(ctx.random, 3000, 6000),
    lines: [
      '===== Initializing OCC Context =====',
      'Created context: gitops-context', // config.go@v0.12.0:228
      'Now using context: gitops-context', // config.go@v0.12.0:253
      '===== Step 1: Generating Workload =====',
      `Component: ${n.component}`,
      `Project: ${n.project}`,
      `Image: ${n.containerImage}`,
      `Target environment: ${n.environment}`,
      ...workload,
      `Workload written to: ${componentDir}/workload.yaml`, // create/workload/workload.go@v0.12.0:127
      'Workload generated successfully',
      '===== Step 2: Generating ComponentRelease =====',
      `Release name: ${n.release}`,
      `Component: ${n.component}`,
      `Project: ${n.project}`,
      ` - output-path: projects/${n.project}/components/${n.component}/releases`,
      `Generated: ${componentDir}/releases/${n.release}.yaml`, // component-release/generate.go@v0.12.0:212
      'ComponentRelease generated successfully',
      '===== Step 3: Generating ReleaseBinding =====',
      `Binding name: ${n.environment}-${n.component}`,
      `Component: ${n.component}`,
      `Component release: ${n.release}`,
      `Target environment: ${n.environment}`,
      `Project: ${n.project}`,
      `Use pipeline: ${ctx.params['gitops-deployment-pipeline'] ?? ''}`,
      // occ names the binding `<component>-<env>` (fsmode/generator/binding.go@v0.12.0:179).
      `Generated: ${componentDir}/bindings/${n.component}-${n.environment}.yaml`,
      'ReleaseBinding generated successfully',
      '===== All GitOps resources generated successfully =====',
    ],
    outputs: [],
  };
}

function commitPushPr(ctx: ScriptContext): Script {
  const { random } = ctx;
  const n = names(ctx);
  const files = [
    `projects/${n.project}/components/${n.component}/bindings/${n.component}-${n.environment}.yaml`,
    `projects/${n.project}/components/${n.component}/releases/${n.release}.yaml`,
  ];
  // `gh pr create` prints the new pull request's URL on the GitHub repository the clone came from.
  const repository = n.repo.replace(/\.git$/, '').replace(/\/+$/, '');
  const pullRequestUrl = `${repository}/pull/${between(random, 1, 500)}`;
  return {
    mainMs: between(random, 10000, 20000),
    lines: [
      '===== Step 1: Committing Changes =====',
      `[${n.branch} ${hex(random, 7)}] Release ${n.component} (${
        n.gitRevision
      })`,
      ` 3 files changed, ${between(random, 40, 80)} insertions(+), ${between(
        random,
        1,
        4,
      )} deletions(-)`,
      ...files.map(f => ` create mode 100644 ${f}`),
      'Changes committed successfully',
      '===== Step 2: Pushing to Remote =====',
      `Pushing branch ${n.branch} to remote`,
      'remote: ',
      `remote: Create a pull request for '${n.branch}' on GitHub by visiting:`,
      `remote:      ${repository}/pull/new/${n.branch}`,
      'remote: ',
      // git anonymizes the URL it was given (the token is not printed).
      `To ${n.repo}`,
      ` * [new branch]      ${n.branch} -> ${n.branch}`,
      'Branch pushed successfully',
      '===== Step 3: Creating Pull Request =====',
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz',
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz',
      `OK: ${between(random, 12, 20)} MiB in ${between(
        random,
        25,
        35,
      )} packages`,
      pullRequestUrl,
      'Pull request created successfully',
      '===== Git operations completed successfully =====',
    ],
    outputs: [
      {
        name: PULL_REQUEST_URL.name,
        value: pullRequestUrl,
        path: PULL_REQUEST_URL.path,
      },
    ],
  };
}

/**
 * The simulated script of a GitOps template step, or undefined for other templates. `startedMs`:
 * when the step's pod starts (what `date` prints there).
 */
export function gitopsScript(
  template: string,
  ctx: ScriptContext,
  startedMs: number,
): Script | undefined {
  switch (template) {
    case 'clone-source':
      return cloneSource(ctx);
    case 'build-react-app':
      return buildReactApp(ctx, startedMs);
    case 'build-image':
      return buildImage(ctx);
    case 'push-image':
      return pushImage(ctx);
    case 'extract-descriptor':
      return extractDescriptor(ctx);
    case 'clone-gitops':
      return cloneGitops(ctx);
    case 'create-feature-branch':
      return createFeatureBranch(ctx, startedMs);
    case 'generate-gitops-resources':
      return generateResources(ctx);
    case 'git-commit-push-pr':
      return commitPushPr(ctx);
    default:
      return undefined;
  }
}
