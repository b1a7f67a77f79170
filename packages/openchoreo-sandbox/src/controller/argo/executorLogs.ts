import type { TimedLine } from './execution';
import { hex, isoSeconds } from './names';
import type { Script } from './scripts';

/** What the Argo executor's init and wait containers log around a step's main container. */

/** The Argo executor (init and wait containers) of the release the sandbox emulates. */
export const EXECUTOR_VERSION = 'v3.6.4';
export const EXECUTOR_IMAGE = `quay.io/argoproj/argoexec:${EXECUTOR_VERSION}`;

/** A log line as the Argo executor (logrus text format) writes it. */
function executorLine(at: number, msg: string): string {
  return `time="${isoSeconds(at)}" level=info msg="${msg}"`;
}

export function executorLines(
  kind: 'init' | 'wait',
  at: number,
  ns: string,
  pod: string,
  template: string,
  random: () => number,
): string[] {
  const line = (msg: string): string => executorLine(at, msg);
  const base = [
    `${line('Starting Workflow Executor')} version=${EXECUTOR_VERSION}`,
    `${line(
      'Using executor retry strategy',
    )} Duration=1s Factor=1.6 Jitter=0.5 Steps=5`,
    `${line(
      'Executor initialized',
    )} deadline="0001-01-01 00:00:00 +0000 UTC" includeScriptOutput=false namespace=${ns} podName=${pod} templateName=${template} version="&Version{Version:${EXECUTOR_VERSION},BuildDate:2025-02-24T16:12:01Z,GitCommit:${hex(
      random,
      40,
    )},GitTag:${EXECUTOR_VERSION},GitTreeState:clean,GoVersion:go1.23.6,Compiler:gc,Platform:linux/amd64,}"`,
  ];
  if (kind === 'init')
    return [
      ...base,
      line('Start loading input artifacts...'),
      line('Alloc=8521 TotalAlloc=15013 Sys=23637 NumGC=4 Goroutines=4'),
    ];
  return [...base, line('Starting deadline monitor')];
}

/** The wait container's lines after main exits: exit status and saved outputs. */
export function waitEndLines(script: Script, at: number): string[] {
  const line = (msg: string): string => executorLine(at, msg);
  return [
    `${line('Main container completed')} error="${
      script.fail ? `exit status ${script.fail.exitCode}` : '<nil>'
    }"`,
    script.outputs.length
      ? line('Saving output parameters')
      : line('No output parameters'),
    ...script.outputs.map(
      o => `${line('Saving path output parameter')} path=${o.path}`,
    ),
    line('Deadline monitor stopped'),
    line('Alloc=9870 TotalAlloc=19841 Sys=27701 NumGC=6 Goroutines=8'),
  ];
}

/** Spaces `lines` evenly over `from`..`to`. */
export function spread(
  lines: string[],
  container: TimedLine['container'],
  from: number,
  to: number,
): TimedLine[] {
  const span = Math.max(0, to - from);
  return lines.map((text, i) => ({
    container,
    text,
    at: Math.min(to, from + Math.round(((i + 1) / (lines.length + 1)) * span)),
  }));
}
