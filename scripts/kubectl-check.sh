#!/usr/bin/env bash
# Checks a running OpenChoreo sandbox with the real kubectl:
#   scripts/kubectl-check.sh [state-dir]        (default: .sandbox)
# Environment: KUBECTL (default: kubectl), REFERENCE_DIR (default: the vendored
# fixtures/reference, see fixtures/NOTICE.md), CHECK_TIMEOUT seconds for the build (default 300).
# Applies the real v0.9.0 CRDs and the docker sample ComponentWorkflow, starts a
# ComponentWorkflowRun, follows the build step's log until it ends, waits for
# WorkflowSucceeded, then exercises get -o yaml, patch and delete.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${1:-$ROOT/.sandbox}"
KUBECTL="${KUBECTL:-kubectl}"
REF="${REFERENCE_DIR:-$ROOT/fixtures/reference}"
TIMEOUT="${CHECK_TIMEOUT:-300}"
CP="$STATE_DIR/control-plane.kubeconfig"
BP="$STATE_DIR/build-plane.kubeconfig"
NS=default
BNS=openchoreo-ci-default

fail() { echo "kubectl-check: FAIL: $*" >&2; exit 1; }
step() { echo "kubectl-check: $*"; }

command -v "$KUBECTL" >/dev/null 2>&1 || fail "kubectl not found (set KUBECTL)"
[ -f "$CP" ] && [ -f "$BP" ] || fail "no kubeconfigs in $STATE_DIR: is the sandbox running (yarn sandbox)?"
[ -d "$REF/openchoreo/crds-v0.9.0" ] || fail "reference CRDs not found under $REF"

WORK="$(mktemp -d)"
LOG_PID=""
cleanup() {
  [ -n "$LOG_PID" ] && kill "$LOG_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# A private discovery cache: a previous sandbox on the same port must not confuse kubectl.
kcp() { timeout 60 "$KUBECTL" --kubeconfig "$CP" --cache-dir "$WORK/cache-cp" "$@"; }
kbp() { timeout 60 "$KUBECTL" --kubeconfig "$BP" --cache-dir "$WORK/cache-bp" "$@"; }

step "kubectl: $("$KUBECTL" version --client 2>/dev/null | head -n 1)"
step "applying the real v0.9.0 CRDs (twice: create, then update in place)"
kcp apply -f "$REF/openchoreo/crds-v0.9.0/" || fail "kubectl apply of the v0.9.0 CRDs failed"
kcp apply -f "$REF/openchoreo/crds-v0.9.0/" >/dev/null || fail "re-applying the v0.9.0 CRDs failed"
kcp get crd componentworkflowruns.openchoreo.dev >/dev/null || fail "CRD componentworkflowruns.openchoreo.dev missing"

step "applying the docker sample ComponentWorkflow"
kcp apply -f "$REF/openchoreo/samples-v0.9.0/component-workflows/docker.yaml" || fail "applying docker.yaml failed"

if [ -z "$(kcp get buildplanes -n "$NS" -o name)" ]; then
  step "no BuildPlane in $NS: creating one"
  CA="$(kcp config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d | sed 's/^/          /')"
  cat > "$WORK/buildplane.yaml" <<YAML
apiVersion: openchoreo.dev/v1alpha1
kind: BuildPlane
metadata:
  name: default
  namespace: $NS
spec:
  clusterAgent:
    clientCA:
      value: |
$CA
YAML
  kcp apply -f "$WORK/buildplane.yaml" || fail "creating a BuildPlane failed"
fi

RUN="greeter-service-workflow-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
step "creating ComponentWorkflowRun $RUN"
cat > "$WORK/run.yaml" <<YAML
apiVersion: openchoreo.dev/v1alpha1
kind: ComponentWorkflowRun
metadata:
  name: $RUN
  namespace: $NS
spec:
  owner:
    projectName: default
    componentName: greeter-service
  workflow:
    name: docker
    systemParameters:
      repository:
        url: https://github.com/openchoreo/sample-workloads
        revision:
          branch: main
        appPath: /service-go-greeter
    parameters:
      docker:
        context: /service-go-greeter
        filePath: /service-go-greeter/Dockerfile
YAML
kcp apply -f "$WORK/run.yaml" || fail "creating the run failed"

step "waiting for the build-step pod"
deadline=$((SECONDS + TIMEOUT))
POD=""
while [ -z "$POD" ]; do
  [ $SECONDS -lt $deadline ] || fail "no build-step pod for $RUN within ${TIMEOUT}s"
  POD="$(kbp get pods -n "$BNS" -l "workflows.argoproj.io/workflow=$RUN" \
    -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' | grep -- '-build-step-' || true)"
  [ -n "$POD" ] || sleep 1
done

step "following the log of $POD (main)"
timeout "$TIMEOUT" "$KUBECTL" --kubeconfig "$BP" --cache-dir "$WORK/cache-bp" logs -f "$POD" -c main -n "$BNS" > "$WORK/build.log" 2> "$WORK/build.err" &
LOG_PID=$!

step "waiting for WorkflowSucceeded"
while true; do
  [ $SECONDS -lt $deadline ] || fail "$RUN did not reach WorkflowSucceeded within ${TIMEOUT}s"
  status="$(kcp get componentworkflowrun "$RUN" -n "$NS" -o jsonpath='{.status.conditions[?(@.type=="WorkflowSucceeded")].status}')"
  failed="$(kcp get componentworkflowrun "$RUN" -n "$NS" -o jsonpath='{.status.conditions[?(@.type=="WorkflowFailed")].status}')"
  [ "$failed" = "True" ] && fail "$RUN failed: $(kcp get componentworkflowrun "$RUN" -n "$NS" -o jsonpath='{.status.conditions}')"
  [ "$status" = "True" ] && break
  sleep 1
done

if ! wait "$LOG_PID"; then
  LOG_PID=""
  fail "kubectl logs -f exited non-zero: $(cat "$WORK/build.err")"
fi
LOG_PID=""
lines="$(grep -c . "$WORK/build.log" || true)"
[ "$lines" -gt 0 ] || fail "kubectl logs -f printed nothing"
step "kubectl logs -f streamed $lines lines and exited 0"

step "get -o yaml"
# grep reads all of kubectl's output (no -q): stopping at the first match could leave kubectl writing
# into a closed pipe, and under pipefail its SIGPIPE would read as a failed check.
kcp get componentworkflowrun "$RUN" -n "$NS" -o yaml | grep "runReference:" >/dev/null || fail "run has no runReference"
kbp get workflow "$RUN" -n "$BNS" -o yaml | grep "phase: Succeeded" >/dev/null || fail "workflow is not Succeeded"

step "patch"
kcp patch componentworkflowrun "$RUN" -n "$NS" --type merge -p '{"metadata":{"labels":{"kubectl-check":"passed"}}}' >/dev/null || fail "patch failed"
[ "$(kcp get componentworkflowrun "$RUN" -n "$NS" -o jsonpath='{.metadata.labels.kubectl-check}')" = "passed" ] || fail "patched label missing"

step "delete"
kcp delete componentworkflowrun "$RUN" -n "$NS" >/dev/null || fail "delete failed"
if kcp get componentworkflowrun "$RUN" -n "$NS" >/dev/null 2>&1; then fail "run still exists after delete"; fi
for _ in $(seq 1 30); do
  kbp get workflow "$RUN" -n "$BNS" >/dev/null 2>&1 || break
  sleep 1
done
if kbp get workflow "$RUN" -n "$BNS" >/dev/null 2>&1; then fail "workflow $RUN was not cleaned up"; fi

step "OK"
