import { Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import type { ReactNode } from 'react';
import { usePlatformPermission } from '../../hooks/usePermissions';
import { openchoreoBuildTranslationRef } from '../../translation';

type PlatformPermission = Parameters<typeof usePlatformPermission>[0];

/**
 * Shows a platform view (build planes, workflows) only to users holding its read permission; the
 * others learn which permission they need instead of meeting the backend's 403. Nothing is
 * requested from the backend until the permission is known to be granted.
 */
export const RequirePlatformPermission = (props: {
  permission: PlatformPermission;
  /** What the permission shows, e.g. "the build planes" (translated by the caller). */
  what: string;
  children: ReactNode;
}) => {
  const { permission, what, children } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const check = usePlatformPermission(permission);
  if (check.loading) return <Progress />;
  if (check.allowed) return <>{children}</>;
  return (
    <Alert severity="info" data-testid="permission-required">
      <AlertTitle>
        {t('permissionRequired.title', {
          permission: permission.name,
          subject: what,
        })}
      </AlertTitle>
      {check.error
        ? t('permissionRequired.uncheckable', { message: check.error.message })
        : t('permissionRequired.ask')}
    </Alert>
  );
};
