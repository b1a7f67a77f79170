/**
 * English texts of the tables on each workflow's card of the Workflows page (its parameters and the
 * secrets it needs, with the fix for each secret that is not Ready), merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `workflowTables` (`as const`:
 * interpolation parameters are typed from the literal texts). The card itself is under
 * `workflowsTab`; commands and manifests to copy are not text and stay as they are.
 */
export const workflowTablesMessages = {
  workflowTables: {
    parameters: {
      none: 'This workflow takes no parameters.',
      tableLabel: 'Parameters of {{workflow}}',
      columns: {
        field: 'Field',
        type: 'Type',
        default: 'Default',
        constraints: 'Constraints',
        description: 'Description',
      },
      required: 'required',
      arrayOf: 'array of {{type}}',
      mapOf: 'map of {{type}}',
      anyType: 'any',
      constraintSeparator: '; ',
    },
    secrets: {
      none: 'This workflow needs no secrets.',
      tableLabel: 'Secrets of {{workflow}}',
      columns: {
        secret: 'Secret',
        kind: 'Kind',
        namespace: 'Namespace',
        readiness: 'Readiness',
        details: 'Details and fix',
      },
      readiness: {
        Ready: 'Ready',
        NotReady: 'NotReady',
        Missing: 'Missing',
        Unknown: 'Unknown',
      },
      mounts: 'mounts Secret {{name}}',
      keys: 'Keys: {{keys}}',
      copied: 'Copied',
      copy: 'Copy {{label}}',
      storeKeys: 'The keys the store holds:',
      patchCommandLabel: 'kubectl command that adds {{key}} to {{store}}',
      keysCommandLabel: 'kubectl command that lists the keys of {{store}}',
      externalSecretLabel: 'ExternalSecret {{name}}',
      createCommandLabel: 'kubectl command for {{name}}',
    },
    fix: {
      buildKeys: 'the keys the build reads',
      store: '{{kind}} {{name}}',
      storeKind: 'secret store',
      theStore: 'the secret store',
      notReady:
        'The ExternalSecret exists but is not Ready. Check that {{store}} is Ready and holds {{keys}}; or create the Secret directly.',
      externalSecret:
        'Store {{keys}} in {{store}} and create this ExternalSecret in {{namespace}} on the build plane, or create the Secret directly:',
      secret: 'Create the Secret in {{namespace}} on the build plane:',
      missingStoreKey:
        "{{store}} has no key {{key}}. If {{store}} is the development fake store (as OpenChoreo's default install has it), add the key with this command, putting the secret in place of <value>; the ExternalSecret syncs on its next refresh. In production, store {{key}} in the secret manager behind {{store}} instead.",
    },
  },
} as const;
