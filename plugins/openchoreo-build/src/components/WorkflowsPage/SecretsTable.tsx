import {
  CopyTextButton,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { RequiredSecret } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  externalSecretYaml,
  fixText,
  kubectlCreateSecret,
  missingStoreKeyFix,
} from './secretFix';

/** Short tokens (names, kinds, statuses) stay on one line. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** A command or manifest to copy. */
const Snippet = ({ text, label }: { text: string; label: string }) => (
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
      tooltipText="Copied"
      aria-label={`Copy ${label}`}
    />
  </Box>
);

const Readiness = ({ status }: { status: RequiredSecret['status'] }) => {
  switch (status) {
    case 'Ready':
      return <StatusOK>Ready</StatusOK>;
    case 'NotReady':
      return <StatusWarning>NotReady</StatusWarning>;
    case 'Missing':
      return <StatusError>Missing</StatusError>;
    default:
      return <StatusPending>Unknown</StatusPending>;
  }
};

/** What to do about a secret that is not Ready: the store's missing key, else the Secret to create. */
const SecretFix = ({ secret }: { secret: RequiredSecret }) => {
  const storeFix = missingStoreKeyFix(secret);
  if (storeFix) {
    return (
      <Box data-testid="secret-fix">
        <Typography variant="body2">{storeFix.text}</Typography>
        <Snippet
          text={storeFix.patchCommand}
          label={`kubectl command that adds ${storeFix.key} to ${storeFix.store}`}
        />
        {storeFix.keysCommand && (
          <>
            <Typography variant="body2">The keys the store holds:</Typography>
            <Snippet
              text={storeFix.keysCommand}
              label={`kubectl command that lists the keys of ${storeFix.store}`}
            />
          </>
        )}
      </Box>
    );
  }
  return (
    <Box data-testid="secret-fix">
      <Typography variant="body2">{fixText(secret)}</Typography>
      {secret.kind === 'ExternalSecret' && secret.status === 'Missing' && (
        <Snippet
          text={externalSecretYaml(secret)}
          label={`ExternalSecret ${secret.name}`}
        />
      )}
      <Snippet
        text={kubectlCreateSecret(secret)}
        label={`kubectl command for ${secret.name}`}
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
  if (secrets.length === 0) {
    return (
      <Typography variant="body2">This workflow needs no secrets.</Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`Secrets of ${workflow}`}
      // Names, kinds and statuses are single tokens: never broken (the theme breaks words
      // anywhere); the details column wraps its prose, inside long tokens only when it must.
      sx={{ '& th, & td': { wordBreak: 'normal' } }}
    >
      <TableHead>
        <TableRow>
          <TableCell>Secret</TableCell>
          <TableCell sx={NO_WRAP}>Kind</TableCell>
          <TableCell sx={NO_WRAP}>Namespace</TableCell>
          <TableCell sx={NO_WRAP}>Readiness</TableCell>
          <TableCell>Details and fix</TableCell>
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
                    mounts Secret {secret.targetSecretName}
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
                  Keys: {secret.remoteKeys.join(', ')}
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
