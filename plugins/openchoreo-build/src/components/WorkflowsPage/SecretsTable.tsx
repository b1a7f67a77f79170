import {
  CopyTextButton,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RequiredSecret } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { openchoreoBuildTranslationRef } from '../../translation';
import {
  externalSecretYaml,
  fixText,
  kubectlCreateSecret,
  missingStoreKeyFix,
} from './secretFix';

/** Short tokens (names, kinds, statuses) stay on one line. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** A command or manifest to copy. */
const Snippet = ({ text, label }: { text: string; label: string }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Box display="flex" alignItems="flex-start" gap={1} my={1}>
      <Box
        component="pre"
        aria-label={label}
        tabIndex={0}
        sx={{
          m: 0,
          p: 1,
          flexGrow: 1,
          // No width of its own: a long command scrolls inside the box instead of widening the table.
          width: 0,
          minWidth: 0,
          overflowX: 'auto',
          fontSize: 12,
          bgcolor: 'action.hover',
          borderRadius: 1,
        }}
      >
        {text}
      </Box>
      <CopyTextButton
        text={text}
        tooltipText={t('workflowTables.secrets.copied')}
        aria-label={t('workflowTables.secrets.copy', { label })}
      />
    </Box>
  );
};

const Readiness = ({ status }: { status: RequiredSecret['status'] }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  switch (status) {
    case 'Ready':
      return <StatusOK>{t('workflowTables.secrets.readiness.Ready')}</StatusOK>;
    case 'NotReady':
      return (
        <StatusWarning>
          {t('workflowTables.secrets.readiness.NotReady')}
        </StatusWarning>
      );
    case 'Missing':
      return (
        <StatusError>
          {t('workflowTables.secrets.readiness.Missing')}
        </StatusError>
      );
    default:
      return (
        <StatusPending>
          {t('workflowTables.secrets.readiness.Unknown')}
        </StatusPending>
      );
  }
};

/** What to do about a secret that is not Ready: the store's missing key, else the Secret to create. */
const SecretFix = ({ secret }: { secret: RequiredSecret }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const storeFix = missingStoreKeyFix(t, secret);
  if (storeFix) {
    return (
      <Box data-testid="secret-fix">
        <Typography variant="body2">{storeFix.text}</Typography>
        <Snippet
          text={storeFix.patchCommand}
          label={t('workflowTables.secrets.patchCommandLabel', {
            key: storeFix.key,
            store: storeFix.store,
          })}
        />
        {storeFix.keysCommand && (
          <>
            <Typography variant="body2">
              {t('workflowTables.secrets.storeKeys')}
            </Typography>
            <Snippet
              text={storeFix.keysCommand}
              label={t('workflowTables.secrets.keysCommandLabel', {
                store: storeFix.store,
              })}
            />
          </>
        )}
      </Box>
    );
  }
  return (
    <Box data-testid="secret-fix">
      <Typography variant="body2">{fixText(t, secret)}</Typography>
      {secret.kind === 'ExternalSecret' && secret.status === 'Missing' && (
        <Snippet
          text={externalSecretYaml(secret)}
          label={t('workflowTables.secrets.externalSecretLabel', {
            name: secret.name,
          })}
        />
      )}
      <Snippet
        text={kubectlCreateSecret(secret)}
        label={t('workflowTables.secrets.createCommandLabel', {
          name: secret.name,
        })}
      />
    </Box>
  );
};

/** The secrets a workflow needs, their readiness on the build plane and the fix for each one that is not Ready. */
export const SecretsTable = ({
  secrets,
  workflow,
}: {
  secrets: RequiredSecret[];
  workflow: string;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (secrets.length === 0) {
    return (
      <Typography variant="body2">
        {t('workflowTables.secrets.none')}
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={t('workflowTables.secrets.tableLabel', { workflow })}
      // Names, kinds and statuses are single tokens: never broken (the theme breaks words
      // anywhere); the details column wraps its prose, inside long tokens only when it must.
      sx={{ '& th, & td': { wordBreak: 'normal' } }}
    >
      <TableHead>
        <TableRow>
          <TableCell>{t('workflowTables.secrets.columns.secret')}</TableCell>
          <TableCell sx={NO_WRAP}>
            {t('workflowTables.secrets.columns.kind')}
          </TableCell>
          <TableCell sx={NO_WRAP}>
            {t('workflowTables.secrets.columns.namespace')}
          </TableCell>
          <TableCell sx={NO_WRAP}>
            {t('workflowTables.secrets.columns.readiness')}
          </TableCell>
          <TableCell>{t('workflowTables.secrets.columns.details')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {secrets.map(secret => (
          <TableRow
            key={secret.resourceId}
            data-testid={`secret-${workflow}-${secret.name}`}
          >
            <TableCell>
              <Box component="code" sx={NO_WRAP}>
                {secret.name}
              </Box>
              {secret.targetSecretName &&
                secret.targetSecretName !== secret.name && (
                  <Typography variant="caption" display="block">
                    {t('workflowTables.secrets.mounts', {
                      name: secret.targetSecretName,
                    })}
                  </Typography>
                )}
            </TableCell>
            <TableCell sx={NO_WRAP}>{secret.kind}</TableCell>
            <TableCell sx={NO_WRAP}>{secret.namespace}</TableCell>
            <TableCell sx={NO_WRAP}>
              <Readiness status={secret.status} />
            </TableCell>
            <TableCell sx={{ width: '50%', overflowWrap: 'anywhere' }}>
              {secret.message && (
                <Typography variant="body2" paragraph>
                  {secret.message}
                </Typography>
              )}
              {secret.remoteKeys.length > 0 && (
                <Typography variant="body2" paragraph>
                  {t('workflowTables.secrets.keys', {
                    keys: secret.remoteKeys.join(', '),
                  })}
                </Typography>
              )}
              {(secret.status === 'Missing' ||
                secret.status === 'NotReady') && <SecretFix secret={secret} />}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
