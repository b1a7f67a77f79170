/**
 * English texts of why an action is not possible for the signed-in user (`deniedReason` in
 * `../hooks/usePermissions.ts`: a disabled button's tooltip and caption), merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `permissions` (`as const`:
 * interpolation parameters are typed from the literal texts). `{{action}}` completes "You are
 * not allowed to …", one of `actions` (or an area's own, e.g. `holos.entity.permissionAction`).
 */
export const permissionsMessages = {
  permissions: {
    unclaimed:
      'You are not allowed to {{action}}: no catalog entity claims this OpenChoreo component (annotations openchoreo.io/namespace, openchoreo.io/project and openchoreo.io/component), so permission {{permission}} cannot be granted through its owner',
    checking: 'Checking your permissions…',
    checkFailed:
      'Could not check whether you may {{action}} (permission {{permission}}): {{message}}',
    denied: 'You are not allowed to {{action}} (permission {{permission}})',
    deniedOn:
      'You are not allowed to {{action}} (permission {{permission}} on {{entityRef}})',
    actions: {
      startBuilds: 'start builds of this component',
      rerunBuilds: 're-run builds of this component',
      cancelBuilds: 'cancel builds of this component',
      seeBuilds: 'see the builds of this component',
    },
  },
} as const;
