#!/usr/bin/env bash
# Runs every kubectl command of the source documents against a running sandbox, with the real kubectl,
# and prints how many pass:
#   scripts/kubectl-docs.sh [state-dir]        (default: .sandbox)
# Environment: KUBECTL (default: kubectl), REFERENCE_DIR (default: the vendored fixtures/reference),
# CHECK_TIMEOUT seconds for the GitOps build (default 300).
#
# The documents (the project's source documents, see docs/sandbox.md "kubectl"):
#   BuildPlane API reference      cluster-agent-tls, BuildPlane with an inline or Secret-referenced client CA
#   ComponentWorkflow secrets     kubectl create secret generic | docker-registry, a Secret manifest
#   GitOps build and release      the ClusterSecretStore patch and check, the three *-gitops-release installs,
#                                 the webhook secret, the auto-build Component, watching a run, its Workflow,
#                                 its logs and the troubleshooting commands
#   OpenChoreo v1.2.3 (nova)      get/describe of the v1 build kinds, the sample WorkflowRun applied,
#                                 watched to completion and deleted (issue 14: kubectl works on nova)
# They are adapted to the sandbox only where they must be: OpenChoreo's single cluster is two here (control
# plane and build plane: `kcp` / `kbp` below), the sample URLs are the vendored copies in fixtures/reference,
# placeholders get values, and objects the sandbox's installation already has are deleted before a document
# creates them again. Each command counts once; the script exits 1 unless all of them pass.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${1:-$ROOT/.sandbox}"
KUBECTL="${KUBECTL:-kubectl}"
REF="${REFERENCE_DIR:-$ROOT/fixtures/reference}"
TIMEOUT="${CHECK_TIMEOUT:-300}"
CP="$STATE_DIR/control-plane.kubeconfig"
BP="$STATE_DIR/build-plane.kubeconfig"
GITOPS="$REF/openchoreo/samples-v0.12.0-gitops/component-workflows/build-and-release"
CI_NS=openchoreo-ci-default

command -v "$KUBECTL" >/dev/null 2>&1 || { echo "kubectl-docs: kubectl not found (set KUBECTL)" >&2; exit 2; }
[ -f "$CP" ] && [ -f "$BP" ] || { echo "kubectl-docs: no kubeconfigs in $STATE_DIR: is the sandbox running?" >&2; exit 2; }

WORK="$(mktemp -d)"
WATCH_PID=""
cleanup() {
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK" || exit 2

# A private discovery cache: a previous sandbox on the same port must not confuse kubectl.
kcp() { timeout 60 "$KUBECTL" --kubeconfig "$CP" --cache-dir "$WORK/cache-cp" "$@"; }
kbp() { timeout 60 "$KUBECTL" --kubeconfig "$BP" --cache-dir "$WORK/cache-bp" "$@"; }
# A watch in the background, $! its timeout process: started in this shell, so killing $! stops
# kubectl (`kcp … &` would background a subshell, and killing that leaves timeout and kubectl running).
kcp_watch() { timeout 60 "$KUBECTL" --kubeconfig "$CP" --cache-dir "$WORK/cache-cp" "$@" & }

PASSED=0
FAILED=0
FAILURES=()
# check <document> <what> <command...>: runs the command; it passes when it exits 0.
check() {
  local doc="$1" what="$2"
  shift 2
  local out
  if out="$("$@" 2>&1)"; then
    PASSED=$((PASSED + 1))
    printf 'ok    [%s] %s\n' "$doc" "$what"
  else
    FAILED=$((FAILED + 1))
    FAILURES+=("[$doc] $what")
    printf 'FAIL  [%s] %s\n' "$doc" "$what"
    printf '%s\n' "$out" | tail -n 15 | sed 's/^/        /'
  fi
}
# contains <needle> <command...>: the command exits 0 and prints the needle.
contains() {
  local needle="$1"
  shift
  local out
  out="$("$@" 2>&1)" || { printf '%s\n' "$out"; return 1; }
  printf '%s\n' "$out"
  grep -qF -- "$needle" <<<"$out" || { echo "expected output to contain: $needle"; return 1; }
}

echo "kubectl-docs: $("$KUBECTL" version --client 2>/dev/null | head -n 1)"
# The documents use `kubectl auth whoami` (kubectl 1.27+). Debian 12's kubernetes-client is 1.20:
# refuse it up front with the reason rather than fail one command later.
client_json="$("$KUBECTL" version --client -o json 2>/dev/null || true)"
client_minor="$(sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' <<<"$client_json")"
if [ -z "$client_minor" ] || [ "$client_minor" -lt 27 ]; then
  echo "kubectl-docs: the documents' commands need kubectl 1.27 or later (kubectl auth whoami); $KUBECTL is 1.${client_minor:-?}: install a newer client or set KUBECTL" >&2
  exit 2
fi

# ---------------------------------------------------------------------------------------------------
# BuildPlane API reference: "Extracting the CA Certificate", "Adding the Certificate to the BuildPlane CR"
doc=buildplane-api
extract_ca() { kbp get secret cluster-agent-tls -n openchoreo-build-plane -o jsonpath='{.data.ca\.crt}' | base64 -d; }
check $doc "get secret cluster-agent-tls -o jsonpath='{.data.ca\\.crt}' | base64 -d" \
  contains 'BEGIN CERTIFICATE' extract_ca
BP_CA_CERT="$(extract_ca 2>/dev/null)"
# The reference assumes the organization's namespace exists.
check $doc "create namespace my-org (the organization the examples use)" kcp create namespace my-org
inline_buildplane() {
  kcp apply -f - <<EOF
apiVersion: openchoreo.dev/v1alpha1
kind: BuildPlane
metadata:
  name: my-buildplane
  namespace: my-org
spec:
  agent:
    enabled: true
    clientCA:
      value: |
$(echo "$BP_CA_CERT" | sed 's/^/        /')
  observer:
    url: https://observer.example.com
    authentication:
      basicAuth:
        username: admin
        password: secretpassword
EOF
}
check $doc "apply -f - (BuildPlane with an inline client CA)" inline_buildplane
save_ca() {
  kbp get secret cluster-agent-tls -n openchoreo-build-plane -o jsonpath='{.data.ca\.crt}' | base64 -d \
    > "$WORK/buildplane-ca.crt" && grep -q 'BEGIN CERTIFICATE' "$WORK/buildplane-ca.crt"
}
check $doc "get secret cluster-agent-tls … > /tmp/buildplane-ca.crt" save_ca
check $doc "create secret generic buildplane-agent-ca --from-file=ca.crt=…" \
  kcp create secret generic buildplane-agent-ca --from-file=ca.crt="$WORK/buildplane-ca.crt" -n my-org
secretref_buildplane() {
  kcp apply -f - <<EOF
apiVersion: openchoreo.dev/v1alpha1
kind: BuildPlane
metadata:
  name: my-buildplane
  namespace: my-org
spec:
  agent:
    enabled: true
    clientCA:
      secretRef:
        name: buildplane-agent-ca
        namespace: my-org
        key: ca.crt
  observer:
    url: https://observer.example.com
    authentication:
      basicAuth:
        username: admin
        password: secretpassword
EOF
}
check $doc "apply -f - (BuildPlane with a Secret-referenced client CA)" secretref_buildplane
ca_round_trip() {
  local got
  got="$(kcp get secret buildplane-agent-ca -n my-org -o jsonpath='{.data.ca\.crt}' | base64 -d)" || return 1
  [ "$got" = "$BP_CA_CERT" ] || { echo "the stored ca.crt differs from the extracted one"; return 1; }
}
check $doc "the Secret holds the extracted CA unchanged" ca_round_trip

# ---------------------------------------------------------------------------------------------------
# ComponentWorkflow secrets: "Manual Setup" of the clone and registry secrets
doc=workflow-secrets
check $doc "create secret generic git-clone-secret --from-literal=clone-secret=…" \
  kbp create secret generic git-clone-secret --from-literal=clone-secret=ghp_docs_example_token -n "$CI_NS"
clone_secret_value() {
  [ "$(kbp get secret git-clone-secret -n "$CI_NS" -o jsonpath='{.data.clone-secret}' | base64 -d)" = ghp_docs_example_token ]
}
check $doc "the Secret holds the literal" clone_secret_value
clone_secret_manifest() {
  kbp apply -f - <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: git-clone-secret
  namespace: openchoreo-ci-default
type: Opaque
stringData:
  clone-secret: 'ghp_docs_example_token_2'
EOF
}
check $doc "apply -f (the Secret manifest with stringData)" clone_secret_manifest
check $doc "create secret docker-registry registry-push-secret --docker-server=… " \
  kbp create secret docker-registry registry-push-secret --docker-server=https://index.docker.io/v1/ \
  --docker-username=your-username --docker-password=your-password -n "$CI_NS"
dockerconfig_has_server() {
  kbp get secret registry-push-secret -n "$CI_NS" -o jsonpath='{.data.\.dockerconfigjson}' | base64 -d \
    | grep '"https://index.docker.io/v1/"' >/dev/null # no -q: see kubectl-check.sh
}
check $doc "its .dockerconfigjson names the registry" dockerconfig_has_server
cat > "$WORK/docker-config.json" <<EOF
{
  "auths": {
    "https://index.docker.io/v1/": {
      "auth": "$(echo -n 'username:password' | base64)"
    }
  }
}
EOF
# The document offers this as the alternative to the previous command: remove that one first.
kbp delete secret registry-push-secret -n "$CI_NS" >/dev/null 2>&1
check $doc "create secret generic registry-push-secret --from-file=.dockerconfigjson=… --type=kubernetes.io/dockerconfigjson" \
  kbp create secret generic registry-push-secret --from-file=.dockerconfigjson="$WORK/docker-config.json" \
  --type=kubernetes.io/dockerconfigjson -n "$CI_NS"
check $doc "its type is kubernetes.io/dockerconfigjson" \
  contains 'kubernetes.io/dockerconfigjson' kbp get secret registry-push-secret -n "$CI_NS" -o jsonpath='{.type}'
# The pull secret lives in the data plane's namespace; the sandbox has no data plane, so it goes to the build plane.
check $doc "create namespace openchoreo-data-plane (the data plane's namespace)" kbp create namespace openchoreo-data-plane
check $doc "create secret docker-registry registry-pull-secret -n openchoreo-data-plane" \
  kbp create secret docker-registry registry-pull-secret --docker-server=registry.example.com \
  --docker-username=puller --docker-password=pull-password -n openchoreo-data-plane

# ---------------------------------------------------------------------------------------------------
# GitOps build and release: "Configure Secrets"
doc=gitops
SOURCE_GIT_TOKEN=ghp_docs_source_token
GITOPS_GIT_TOKEN=ghp_docs_gitops_token
patch_store() {
  kbp patch clustersecretstore default --type='json' -p="[
  {
    \"op\": \"add\",
    \"path\": \"/spec/provider/fake/data/-\",
    \"value\": {
      \"key\": \"git-token\",
      \"value\": \"${SOURCE_GIT_TOKEN}\"
    }
  },
  {
    \"op\": \"add\",
    \"path\": \"/spec/provider/fake/data/-\",
    \"value\": {
      \"key\": \"gitops-token\",
      \"value\": \"${GITOPS_GIT_TOKEN}\"
    }
  }
]"
}
check $doc "patch clustersecretstore default --type='json' (add git-token, gitops-token)" patch_store
store_keys() { kbp get clustersecretstore default -o jsonpath='{.spec.provider.fake.data[*].key}' | tr ' ' '\n'; }
check $doc "get clustersecretstore default -o jsonpath='{.spec.provider.fake.data[*].key}'" \
  contains gitops-token store_keys

# "Available Workflows": install and verify each of the three (the sample URLs are the vendored copies).
for wf in docker google-cloud-buildpacks react; do
  name="$wf-gitops-release"
  check $doc "apply -f $name-template.yaml" kbp apply -f "$GITOPS/$wf/$name-template.yaml"
  check $doc "apply -f $name.yaml" kcp apply -f "$GITOPS/$wf/$name.yaml"
  check $doc "get clusterworkflowtemplate $name" kbp get clusterworkflowtemplate "$name"
  check $doc "get componentworkflow $name -n default" kcp get componentworkflow "$name" -n default
done

# "Auto Build with Webhooks": the webhook secret (the sandbox's installation has one: replace it).
kcp delete secret git-webhook-secrets -n openchoreo-control-plane >/dev/null 2>&1
WEBHOOK_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
check $doc "create secret generic git-webhook-secrets --from-literal=github-secret=…" \
  kcp create secret generic git-webhook-secrets -n openchoreo-control-plane --from-literal=github-secret="$WEBHOOK_SECRET"
kcp delete secret git-webhook-secrets -n openchoreo-control-plane >/dev/null 2>&1
check $doc "create secret generic git-webhook-secrets (github, gitlab and bitbucket secrets)" \
  kcp create secret generic git-webhook-secrets -n openchoreo-control-plane \
  --from-literal=github-secret="$WEBHOOK_SECRET" --from-literal=gitlab-secret="gl-$WEBHOOK_SECRET" \
  --from-literal=bitbucket-secret="bb-$WEBHOOK_SECRET"
cat > "$WORK/component.yaml" <<'EOF'
apiVersion: openchoreo.dev/v1alpha1
kind: Component
metadata:
  name: greeter-service-gitops
  namespace: default
spec:
  owner:
    projectName: demo-project-gitops
  componentType: deployment/service
  autoBuild: true
  workflow:
    name: docker-gitops-release
    systemParameters:
      repository:
        url: "https://github.com/openchoreo/sample-workloads"
        revision:
          branch: "main"
        appPath: "/service-go-greeter"
    parameters:
      docker:
        context: "/service-go-greeter"
        filePath: "/service-go-greeter/Dockerfile"
      workloadDescriptorPath: "workload.yaml"
EOF
check $doc "apply -f component.yaml (autoBuild)" kcp apply -f "$WORK/component.yaml"

# "Verify Auto Build" / "Monitor Workflow Progress": watch runs while the guide's usage example runs.
RUN="greeter-build-release-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
kcp_watch get componentworkflowrun -w > "$WORK/watch-all.txt" 2>&1
WATCH_PID=$!
run_manifest() {
  kcp apply -f - <<EOF
apiVersion: openchoreo.dev/v1alpha1
kind: ComponentWorkflowRun
metadata:
  name: $RUN
  namespace: default
spec:
  owner:
    projectName: "demo-project-gitops"
    componentName: "greeter-service-gitops"
  workflow:
    name: docker-gitops-release
    systemParameters:
      repository:
        url: "https://github.com/openchoreo/sample-workloads"
        revision:
          branch: "main"
        appPath: "/service-go-greeter"
    parameters:
      docker:
        context: "/service-go-greeter"
        filePath: "/service-go-greeter/Dockerfile"
      workloadDescriptorPath: "workload.yaml"
      gitops:
        repositoryUrl: "https://github.com/openchoreo/sample-gitops"
EOF
}
# The guide leaves the GitOps repository to the platform engineer's ComponentWorkflow (its schema has no
# default for it); the sample as installed above has none, so the run names one.
check $doc "apply -f (the ComponentWorkflowRun usage example)" run_manifest
# kubectl get -w never ends on its own: wait (event-driven, with kubectl wait) until the run finished,
# then read what the watches printed.
kcp_watch get componentworkflowrun "$RUN" -w > "$WORK/watch-run.txt" 2>&1
WATCH_RUN_PID=$!
check $doc "the run succeeds (kubectl wait --for=condition=WorkflowSucceeded)" \
  timeout "$((TIMEOUT + 10))" "$KUBECTL" --kubeconfig "$CP" --cache-dir "$WORK/cache-cp" wait \
  --for=condition=WorkflowSucceeded "componentworkflowrun/$RUN" -n default --timeout="${TIMEOUT}s"
kill "$WATCH_PID" "$WATCH_RUN_PID" 2>/dev/null
wait "$WATCH_PID" "$WATCH_RUN_PID" 2>/dev/null
WATCH_PID=""
check $doc "get componentworkflowrun -w (printed the run)" grep -qF "$RUN" "$WORK/watch-all.txt"
check $doc "get componentworkflowrun <name> -w (printed the run)" grep -qF "$RUN" "$WORK/watch-run.txt"
check $doc "get workflow -n $CI_NS" contains "$RUN" kbp get workflow -n "$CI_NS"
# The run's Argo Workflow is named after the run (runTemplate metadata.name: ${metadata.workflowRunName}).
check $doc "logs -l workflows.argoproj.io/workflow=<workflow-name> --all-containers=true" \
  contains 'Pull request created successfully' \
  kbp logs -n "$CI_NS" -l "workflows.argoproj.io/workflow=$RUN" --all-containers=true
pr_url() {
  kbp get workflow "$RUN" -n "$CI_NS" -o json | node -e '
    const wf = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const node of Object.values(wf.status?.nodes ?? {}))
      for (const p of node.outputs?.parameters ?? [])
        if (p.name === "pull-request-url") console.log(p.value);'
}
check $doc "the create-PR step's pull-request-url output" contains '/pull/' pr_url

# "Troubleshooting: Secret Not Found"
check $doc "get clustersecretstore default -o jsonpath (troubleshooting)" contains git-token store_keys
check $doc "get externalsecret -n $CI_NS" contains "$RUN-gitops-git-secret" kbp get externalsecret -n "$CI_NS"

# ---------------------------------------------------------------------------------------------------
# OpenChoreo v1.2.3 (organization nova; issue 14 item 4): the build kinds of the real v1.2.3 CRDs, and
# the upstream sample WorkflowRun (config/samples/openchoreo_v1alpha1_workflowrun.yaml@v1.2.3, whose
# spec is a TODO) adapted to nova's component greeting-service, applied, watched to completion, deleted.
# The jest counterpart is packages/openchoreo-sandbox/src/controller/workflowRun/kubectl.test.ts.
doc=v1-nova
check $doc "get workflowruns -n nova (NAME, AGE: the v1.2.3 CRD declares no printer columns)" \
  contains greeting-service-run- kcp get workflowruns -n nova
check $doc "get clusterworkflows" contains dockerfile-builder kcp get clusterworkflows
check $doc "get workflowplanes -n nova" contains default kcp get workflowplanes -n nova
check $doc "get clusterworkflowplanes" contains default kcp get clusterworkflowplanes
SEEDED_RUN="$(kcp get workflowruns -n nova -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)"
check $doc "describe workflowrun <one> -n nova" contains 'Kind:         WorkflowRun' \
  kcp describe workflowrun "$SEEDED_RUN" -n nova
V1_RUN="workflowrun-sample-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
cat > "$WORK/workflowrun.yaml" <<EOF
apiVersion: openchoreo.dev/v1alpha1
kind: WorkflowRun
metadata:
  labels:
    app.kubernetes.io/name: openchoreo
    app.kubernetes.io/managed-by: kustomize
    openchoreo.dev/project: storefront
    openchoreo.dev/component: greeting-service
  name: $V1_RUN
  namespace: nova
spec:
  workflow:
    kind: ClusterWorkflow
    name: dockerfile-builder
    parameters:
      repository:
        url: https://github.com/openchoreo/sample-workloads
        revision:
          branch: main
        appPath: /service-go-greeter
      docker:
        context: /service-go-greeter
        filePath: /service-go-greeter/Dockerfile
EOF
check $doc "apply -f workflowrun.yaml (the sample, adapted to nova)" kcp apply -f "$WORK/workflowrun.yaml"
kcp_watch get workflowrun "$V1_RUN" -n nova -w > "$WORK/watch-v1-run.txt" 2>&1
WATCH_PID=$!
check $doc "the run completes (kubectl wait --for=condition=WorkflowCompleted)" \
  timeout "$((TIMEOUT + 10))" "$KUBECTL" --kubeconfig "$CP" --cache-dir "$WORK/cache-cp" wait \
  --for=condition=WorkflowCompleted "workflowrun/$V1_RUN" -n nova --timeout="${TIMEOUT}s"
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID" 2>/dev/null
WATCH_PID=""
check $doc "get workflowrun <name> -n nova -w (printed the run)" grep -qF "$V1_RUN" "$WORK/watch-v1-run.txt"
check $doc "it succeeded (status.conditions WorkflowSucceeded=True)" contains True \
  kcp get workflowrun "$V1_RUN" -n nova -o jsonpath='{.status.conditions[?(@.type=="WorkflowSucceeded")].status}'
check $doc "get workflow <name> -n workflows-nova (its Argo Workflow on the workflow plane)" \
  contains Succeeded kbp get workflow "$V1_RUN" -n workflows-nova
check $doc "delete workflowrun <name> -n nova" kcp delete workflowrun "$V1_RUN" -n nova
v1_run_gone() {
  ! kcp get workflowrun "$V1_RUN" -n nova >/dev/null 2>&1 || { echo "the run is still there"; return 1; }
  ! kbp get workflow "$V1_RUN" -n workflows-nova >/dev/null 2>&1 || { echo "its Argo Workflow is still there"; return 1; }
}
check $doc "the run and its Argo Workflow are gone (the finalizer cleaned up)" v1_run_gone

# ---------------------------------------------------------------------------------------------------
# Everyday commands the documents' readers reach for (issue: configmaps and access reviews).
doc=everyday
check $doc "create configmap build-settings --from-literal=…" \
  kbp create configmap build-settings --from-literal=registry=registry.example.com -n "$CI_NS"
check $doc "auth can-i create secrets -n $CI_NS" contains yes kbp auth can-i create secrets -n "$CI_NS"
check $doc "auth can-i --list -n default" contains "*.*" kcp auth can-i --list -n default
check $doc "auth whoami" contains Username kcp auth whoami

TOTAL=$((PASSED + FAILED))
echo "kubectl-docs: $PASSED of $TOTAL commands passed"
if [ "$FAILED" -gt 0 ]; then
  printf 'kubectl-docs: failed: %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
