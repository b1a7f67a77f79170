/* eslint-disable no-console */
import { SandboxEndpoints, startSandbox, SandboxOptions } from './sandbox';

const USAGE = `Usage: yarn sandbox [options]

Starts the OpenChoreo sandbox (control plane, build plane, cluster gateway,
observer) in the foreground. Ctrl-C stops it.

Options:
  --fast               a whole build in a few seconds (default: realistic, 1-3 minutes)
  --speed <n>          multiplier of realistic durations (e.g. 0.1 = ten times faster)
  --port-base <n>      first port (default 18080; 0 = pick free ports)
  --host <addr>        listen address (default 127.0.0.1)
  --no-seed            start empty (no organizations, runs, ...)
  --api <mixed|v1>     OpenChoreo API of the control plane: mixed (default; the v0.9
                       organizations default, acme, platform and nova on v1.2.3) or v1 (the
                       v1.2.3 CRDs only, organization nova only)
  --crds <path>        CRD YAML file or directory to load into the control plane
  --state-dir <dir>    where kubeconfigs and endpoints.json are written (default .sandbox)
  --ttl <seconds>      ttlStrategy.secondsAfterCompletion of workflows (default 3600, 20 with --fast)
  --observer-auth <m>  observer authentication: jwt (default; bearer tokens from the sandbox's
                       token issuer, as OpenChoreo v0.9), basic, or none
  --realistic-status   run status follows a running workflow every 20 s, as OpenChoreo v0.9 does
                       (default: at once)
  -h, --help           show this help
`;

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--'))
      throw new Error(`${flag} needs a value`);
    return v;
  };
  const number = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`${flag} needs a non-negative number, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--fast':
        opts.speed = 'fast';
        break;
      case '--speed':
        opts.speed = number(value(i, arg), arg) || 'realistic';
        i++;
        break;
      case '--port-base':
        opts.portBase = number(value(i, arg), arg);
        i++;
        break;
      case '--host':
        opts.host = value(i, arg);
        i++;
        break;
      case '--no-seed':
        opts.seed = false;
        break;
      case '--api': {
        const api = value(i, arg);
        if (api !== 'mixed' && api !== 'v1')
          throw new Error(`${arg} needs mixed or v1, got "${api}"`);
        opts.api = api;
        i++;
        break;
      }
      case '--crds':
        opts.crdsDir = value(i, arg);
        i++;
        break;
      case '--state-dir':
        opts.stateDir = value(i, arg);
        i++;
        break;
      case '--ttl':
        opts.ttlSecondsAfterCompletion = number(value(i, arg), arg);
        i++;
        break;
      case '--realistic-status':
        opts.realisticStatus = true;
        break;
      case '--observer-auth': {
        const mode = value(i, arg);
        if (mode !== 'jwt' && mode !== 'basic' && mode !== 'none')
          throw new Error(`${arg} needs jwt, basic or none, got "${mode}"`);
        opts.observerAuth = mode;
        i++;
        break;
      }
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  return opts;
}

/** The observer's auth for the banner: names and URLs; secrets stay in endpoints.json, like the tokens. */
function observerAuthText(auth: SandboxEndpoints['observer']['auth']): string {
  switch (auth.type) {
    case 'jwt':
      return `JWT: client ${auth.clientId} at ${auth.tokenUrl}, audience ${auth.audience}`;
    case 'basic':
      return `basic auth, user ${auth.username}`;
    default:
      return 'no authentication';
  }
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const started = Date.now();
  const sandbox = await startSandbox({
    ...options,
    log: line => console.log(`[sandbox] ${line}`),
  });
  const e = sandbox.endpoints;
  console.log(`
OpenChoreo sandbox is running (started in ${Date.now() - started} ms)

  control plane   ${e.controlPlane.url}   (kubeconfig: ${
    e.controlPlane.kubeconfigPath
  })
  build plane     ${e.buildPlane.url}   (kubeconfig: ${
    e.buildPlane.kubeconfigPath
  })
  cluster gateway ${e.clusterGateway.url}
  observer        ${e.observer.url}   (${observerAuthText(e.observer.auth)})
  endpoints       ${e.controlPlane.kubeconfigPath.replace(
    /control-plane\.kubeconfig$/,
    'endpoints.json',
  )}

  kubectl --kubeconfig ${e.controlPlane.kubeconfigPath} get ${
    options.api === 'v1' ? '' : 'componentworkflowruns,'
  }workflowruns -A
  kubectl --kubeconfig ${e.buildPlane.kubeconfigPath} get workflows,pods -A

Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox...`);
    sandbox.close().then(
      () => process.exit(0),
      err => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch(err => {
  console.error(err?.stack ?? String(err));
  process.exit(1);
});
