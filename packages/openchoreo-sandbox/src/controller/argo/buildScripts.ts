import { hex } from './names';
import {
  ansi,
  between,
  gitCloneProgress,
  npmCiOutput,
  reactScriptsBuildOutput,
  Script,
  ScriptContext,
  sha,
} from './scriptKit';

/** The simulated source clone and image builds, shared by the v0.9 and the GitOps templates' steps. */

/**
 * The failure hook (documented in docs/sandbox.md): a build whose app path,
 * Dockerfile path or Docker context contains this fails with "no Dockerfile found".
 */
export const MISSING_DOCKERFILE = 'missing-dockerfile';

/** Whether any of the build's paths asks for the missing-Dockerfile failure. */
export function wantsMissingDockerfile(...paths: string[]): boolean {
  return paths.some(path => path.includes(MISSING_DOCKERFILE));
}

/** `clone-step` (v0.9) and `clone-source` (GitOps, after its token line): `git clone` of the source. */
export function clone(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const repo =
    params['git-repo'] || 'https://github.com/openchoreo/sample-workloads';
  const branch = params.branch || params['gitops-branch'] || 'main';
  const commit = params.commit;
  const lines = commit
    ? [`Cloning specific commit: ${commit}`]
    : [`Cloning branch: ${branch} with latest commit`];
  lines.push(
    ...gitCloneProgress(random, '/mnt/vol/source', between(random, 800, 4000)),
  );
  if (commit)
    lines.push(
      `From ${repo}`,
      ` * branch            ${commit} -> FETCH_HEAD`,
      `HEAD is now at ${commit.slice(0, 7)} Merge pull request #${between(
        random,
        10,
        400,
      )}`,
    );
  return {
    mainMs: between(random, 5000, 10000),
    lines,
    outputs: [
      {
        name: 'git-revision',
        value: ctx.gitRevision,
        path: '/tmp/git-revision.txt',
      },
    ],
  };
}

/**
 * Inserts `extra` into `lines` at `index` with loops: `splice(i, 0, ...extra)` passes every line
 * as an argument and overflows the stack for big logs (~120k lines).
 */
export function insertLines(
  lines: string[],
  index: number,
  extra: string[],
): void {
  const tail = lines.splice(index);
  for (const line of extra) lines.push(line);
  for (const line of tail) lines.push(line);
}

/** Filler lines for `sandbox.openchoreo.dev/log-bytes` benchmarks. */
export function filler(ctx: ScriptContext, bytes: number): string[] {
  const out: string[] = [];
  let total = 0;
  let i = 0;
  while (total < bytes) {
    const line = `${ansi.gray}[build]${ansi.reset} compiling module ${i} ${hex(
      ctx.random,
      16,
    )} ${ansi.green}ok${ansi.reset} ${'.'.repeat(40)}`;
    out.push(line);
    total += line.length + 1;
    i++;
  }
  return out;
}

export function dockerBuild(ctx: ScriptContext): Script {
  const { params, random } = ctx;
  const appPath = params['app-path'] || '.';
  const context = params['docker-context'] || appPath;
  const dockerfile =
    params['dockerfile-path'] || `${appPath.replace(/^\/+/, '')}/Dockerfile`;
  const tag = `${params['image-name'] || 'app-image'}:${
    params['image-tag'] || 'v1'
  }-${ctx.gitRevision}`;
  const path = `/mnt/vol/source/${dockerfile.replace(/^\.?\/+/, '')}`;
  if (wantsMissingDockerfile(appPath, dockerfile, context)) {
    return {
      mainMs: between(random, 2000, 4000),
      lines: [
        `${ansi.bold}Building ${tag}${ansi.reset}`,
        `${ansi.red}Error: stat ${path}: no such file or directory${ansi.reset}`,
        `${ansi.red}Error: no Dockerfile found at ${dockerfile} (context ${context})${ansi.reset}`,
      ],
      outputs: [],
      fail: { message: 'Error (exit code 125)', exitCode: 125 },
    };
  }
  const stepsList = [
    'FROM golang:1.22-alpine AS builder',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /bin/app ./...',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=builder /bin/app /app',
    'ENTRYPOINT ["/app"]',
  ];
  const lines: string[] = [];
  stepsList.forEach((step, i) => {
    lines.push(
      `${ansi.bold}${ansi.blue}STEP ${i + 1}/${stepsList.length}:${
        ansi.reset
      } ${step}`,
    );
    if (step.startsWith('FROM')) {
      lines.push(
        `Trying to pull ${
          step.split(' ')[1].includes('.') ? '' : 'docker.io/library/'
        }${step.split(' ')[1]}...`,
      );
      lines.push('Getting image source signatures');
      for (let b = 0; b < 3; b++)
        lines.push(`Copying blob ${sha(random).slice(0, 19)} done   | `);
      lines.push(
        `Copying config ${sha(random).slice(0, 19)} done   | `,
        'Writing manifest to image destination',
      );
    } else if (step.startsWith('RUN go mod')) {
      for (const mod of [
        'github.com/gorilla/mux v1.8.1',
        'go.uber.org/zap v1.27.0',
        'github.com/prometheus/client_golang v1.19.0',
      ]) {
        lines.push(`go: downloading ${mod}`);
      }
    } else if (step.startsWith('RUN go build')) {
      lines.push(
        `${ansi.yellow}# warning: GOFLAGS contains -mod=mod, ignoring vendor directory${ansi.reset}`,
      );
    }
    lines.push(`${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`);
  });
  if (ctx.logBytes)
    insertLines(lines, lines.length - 4, filler(ctx, ctx.logBytes));
  lines.push(
    `${ansi.bold}COMMIT${ansi.reset} ${tag}`,
    `${ansi.gray}--> ${hex(random, 12)}${ansi.reset}`,
    `${ansi.green}Successfully tagged localhost/${tag}${ansi.reset}`,
    hex(random, 64),
  );
  return { mainMs: between(random, 45000, 100000), lines, outputs: [] };
}

export function buildpacksBuild(ctx: ScriptContext): Script {
  const { random } = ctx;
  const tag = `${ctx.params['image-name'] || 'app-image'}:${
    ctx.params['image-tag'] || 'v1'
  }-${ctx.gitRevision}`;
  const phase = (name: string): string =>
    `${ansi.bold}${ansi.cyan}===> ${name}${ansi.reset}`;
  const lines = [
    phase('ANALYZING'),
    `Image with name "${tag}" not found`,
    phase('DETECTING'),
    `${ansi.blue}[detector]${ansi.reset} 4 of 6 buildpacks participating`,
    `${ansi.blue}[detector]${ansi.reset} google.go.runtime         0.9.1`,
    `${ansi.blue}[detector]${ansi.reset} google.go.gomod           0.9.0`,
    `${ansi.blue}[detector]${ansi.reset} google.go.build           0.9.0`,
    `${ansi.blue}[detector]${ansi.reset} google.utils.label-image  0.0.2`,
    phase('RESTORING'),
    phase('BUILDING'),
    `=== Go - Runtime (google.go.runtime@0.9.1) ===`,
    `Using runtime version from go.mod: 1.22`,
    `Installing Go v1.22.5.`,
    `=== Go - Gomod (google.go.gomod@0.9.0) ===`,
    `--------------------------------------------------------------------------------`,
    `Running "go mod download (GOPROXY=https://proxy.golang.org|direct)"`,
    `Done "go mod download (GOPROXY=https://proxy.golang.org|direct)" (${between(
      random,
      2,
      9,
    )}.${between(random, 100, 999)}s)`,
    `=== Go - Build (google.go.build@0.9.0) ===`,
    `Running "go build -o /layers/google.go.build/bin/main ./. (GOCACHE=/layers/google.go.build/gocache)"`,
    `${ansi.yellow}Warning: go vet reported 1 issue (skipped, testMode=${
      ctx.params['test-mode'] || 'unit'
    })${ansi.reset}`,
    `Done "go build -o /layers/google.go.build/bin/main ./." (${between(
      random,
      5,
      30,
    )}.${between(random, 100, 999)}s)`,
    phase('EXPORTING'),
    `Adding layer 'google.go.runtime:go'`,
    `Adding layer 'google.go.build:bin'`,
    `Adding 1/1 app layer(s)`,
    `Adding layer 'buildpacksio/lifecycle:launcher'`,
    `Setting default process type 'web'`,
    `Saving ${tag}...`,
    `*** Images (${hex(random, 12)}):`,
    `      ${tag}`,
    `${ansi.green}Successfully built image '${tag}'${ansi.reset}`,
  ];
  if (ctx.logBytes) insertLines(lines, 20, filler(ctx, ctx.logBytes));
  return { mainMs: between(random, 60000, 110000), lines, outputs: [] };
}

export function reactBuild(ctx: ScriptContext): Script {
  const { random, params } = ctx;
  const node = params['node-version'] || '18';
  const lines = [
    `Using Node.js v${node}.${between(random, 0, 20)}.${between(random, 0, 9)}`,
    `${ansi.gray}$${ansi.reset} npm ci`,
    ...npmCiOutput(random),
    `${ansi.gray}$${ansi.reset} ${params['build-command'] || 'npm run build'}`,
    ...reactScriptsBuildOutput(random, 'build'),
  ];
  if (ctx.logBytes) insertLines(lines, 14, filler(ctx, ctx.logBytes));
  return { mainMs: between(random, 30000, 60000), lines, outputs: [] };
}
