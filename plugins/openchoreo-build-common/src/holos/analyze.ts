import { holosDryRun } from './dryRun';
import { HolosInputError } from './errors';
import type { HolosBuildPlan, HolosComponent, HolosPlatform } from './model';
import { isRecord } from './normalize';
import {
  HOLOS_MAX_DOCUMENTS,
  parseHolosText,
  type HolosSourceDocument,
  type HolosTextPosition,
} from './parse';
import { formatHolosPath, taskIdOfPath, type HolosPathSegment } from './paths';
import { artifactReports } from './pipeline';
import type {
  HolosPlanReport,
  HolosPlatformReport,
  HolosProblem,
  HolosValidationResult,
} from './report';
import { checkHolosPlanRules } from './rules';
import {
  validateHolosSchema,
  type HolosDocumentKind,
  type HolosFinding,
} from './schemaValidation';

export { HolosInputError } from './errors';

/**
 * The label holos puts on a plan naming the component it came from; the platform copies a
 * component's labels onto its plan (`internal/testutil/fixtures/v1alpha6/platform1/expected_show_buildplans.yaml@4fa6cb23`).
 *
 * @public
 */
export const HOLOS_COMPONENT_NAME_LABEL = 'holos.run/component.name';

const ACCEPTED_KINDS = 'BuildPlan or Platform (holos core schemas v1alpha6)';

/**
 * Analyses YAML or JSON text holding one BuildPlan, one Platform, or a stream of documents as
 * `holos show buildplans` prints them (YAML separated by `---`, or concatenated JSON objects).
 * Every problem carries the 1-based line and column of the field it names.
 * Throws {@link HolosInputError} for text that cannot be read or a document of another kind.
 *
 * @public
 */
export function analyzeHolosText(text: string): HolosValidationResult {
  return analyzeDocuments(parseHolosText(text));
}

/**
 * Analyses documents already parsed (e.g. a JSON request body): one value per document.
 * Problems carry paths but no line or column. Throws {@link HolosInputError} like
 * {@link analyzeHolosText}.
 *
 * @public
 */
export function analyzeHolosDocuments(
  values: readonly unknown[],
): HolosValidationResult {
  if (values.length === 0) {
    throw new HolosInputError(
      `no document was given: send a ${ACCEPTED_KINDS}`,
    );
  }
  if (values.length > HOLOS_MAX_DOCUMENTS) {
    throw new HolosInputError(
      `${values.length} documents were given: submit at most ${HOLOS_MAX_DOCUMENTS} at a time`,
    );
  }
  return analyzeDocuments(values.map((value, index) => ({ index, value })));
}

/** A document with or without its text (`locate` only when it was parsed from text). */
type AnalysedDocument = Pick<HolosSourceDocument, 'index' | 'value'> &
  Partial<Pick<HolosSourceDocument, 'locate' | 'start'>>;

function analyzeDocuments(
  documents: readonly AnalysedDocument[],
): HolosValidationResult {
  const kinds = documents.map(documentKind);
  const plans: HolosPlanReport[] = [];
  const platforms: HolosPlatformReport[] = [];
  documents.forEach((document, i) => {
    if (kinds[i] === 'BuildPlan') plans.push(analyzePlan(document));
    else platforms.push(analyzePlatform(document));
  });
  return {
    valid:
      plans.every(plan => plan.errors.length === 0) &&
      platforms.every(platform => platform.errors.length === 0),
    plans,
    platforms,
  };
}

function analyzePlan(document: AnalysedDocument): HolosPlanReport {
  // Validation fills in defaults and drops Go zero values: work on a copy.
  const value = structuredClone(document.value);
  const schemaFindings = validateHolosSchema('BuildPlan', value);
  const plan =
    schemaFindings.length === 0 ? (value as HolosBuildPlan) : undefined;
  const findings = plan ? checkHolosPlanRules(plan) : schemaFindings;
  const metadata =
    isRecord(value) && isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const componentLabel = labels[HOLOS_COMPONENT_NAME_LABEL];
  const spec = isRecord(value) && isRecord(value.spec) ? value.spec : {};
  return {
    document: document.index,
    name,
    component: typeof componentLabel === 'string' ? componentLabel : name,
    disabled: spec.disabled === true,
    errors: listed(findings.map(finding => toProblem(finding, document, true))),
    artifacts: artifactReports(value),
    ...(plan ? { dryRun: holosDryRun(plan) } : {}),
  };
}

function analyzePlatform(document: AnalysedDocument): HolosPlatformReport {
  const value = structuredClone(document.value);
  const findings = validateHolosSchema('Platform', value);
  const metadata =
    isRecord(value) && isRecord(value.metadata) ? value.metadata : {};
  const spec = isRecord(value) && isRecord(value.spec) ? value.spec : {};
  const components =
    findings.length === 0
      ? (value as HolosPlatform).spec.components
      : (Array.isArray(spec.components) ? spec.components : []).filter(
          (component): component is HolosComponent => isRecord(component),
        );
  return {
    document: document.index,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    errors: listed(
      findings.map(finding => toProblem(finding, document, false)),
    ),
    components,
  };
}

function toProblem(
  finding: HolosFinding,
  document: AnalysedDocument,
  isPlan: boolean,
): HolosProblem {
  const task = isPlan ? taskIdOfPath(finding.segments) : undefined;
  return {
    path: formatHolosPath(finding.segments),
    message: finding.message,
    rule: finding.rule,
    ...(task !== undefined ? { task } : {}),
    ...(document.locate ? document.locate(finding.segments) : {}),
  };
}

/**
 * More problems than this in one document are summarised in one last problem.
 *
 * @public
 */
export const HOLOS_MAX_PROBLEMS_PER_DOCUMENT = 100;

/**
 * A document's problems as reported: from top to bottom of the text (a stable sort, so
 * problems at one place keep the order they were found in), at most
 * {@link HOLOS_MAX_PROBLEMS_PER_DOCUMENT} of them.
 */
function listed(problems: HolosProblem[]): HolosProblem[] {
  problems.sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  if (problems.length <= HOLOS_MAX_PROBLEMS_PER_DOCUMENT) return problems;
  const hidden = problems.length - HOLOS_MAX_PROBLEMS_PER_DOCUMENT;
  return [
    ...problems.slice(0, HOLOS_MAX_PROBLEMS_PER_DOCUMENT),
    {
      path: '',
      rule: problems[HOLOS_MAX_PROBLEMS_PER_DOCUMENT].rule,
      message: `${hidden} more problems are not listed: fix the ones above first`,
    },
  ];
}

/** The document's kind, or a {@link HolosInputError} saying which kinds are accepted. */
function documentKind(document: AnalysedDocument): HolosDocumentKind {
  const where = (segments: HolosPathSegment[]): Partial<HolosTextPosition> =>
    document.locate ? document.locate(segments) : {};
  const name = `document ${document.index + 1}${
    document.start ? ` (line ${document.start.line})` : ''
  }`;
  const { value } = document;
  if (!isRecord(value)) {
    throw new HolosInputError(
      `${name} is ${
        Array.isArray(value) ? 'a list' : 'not an object'
      }: expected a ${ACCEPTED_KINDS}`,
      { document: document.index, ...where([]) },
    );
  }
  const kind = value.kind;
  if (kind === 'BuildPlan' || kind === 'Platform') return kind;
  const at = { document: document.index, path: 'kind', ...where(['kind']) };
  if (kind === undefined) {
    throw new HolosInputError(
      `${name} has no kind field: expected kind ${ACCEPTED_KINDS}`,
      at,
    );
  }
  const line = at.line !== undefined ? ` at line ${at.line}` : '';
  throw new HolosInputError(
    `${name}: kind ${JSON.stringify(
      kind,
    )}${line} is not accepted: expected kind ${ACCEPTED_KINDS}`,
    at,
  );
}
