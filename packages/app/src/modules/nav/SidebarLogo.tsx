import {
  Link,
  sidebarConfig,
  useSidebarOpenState,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  root: {
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    alignItems: 'center',
    paddingLeft: 24,
  },
  mark: {
    color: '#fff',
    fontWeight: 700,
    fontSize: 20,
    textDecoration: 'none',
    whiteSpace: 'nowrap',
  },
});

/** A text mark; the sidebar shows the short form when collapsed. */
export const SidebarLogo = () => {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  return (
    <div className={classes.root}>
      <Link
        to="/"
        underline="none"
        className={classes.mark}
        aria-label={`${isOpen ? 'OpenChoreo' : 'OC'} home`}
      >
        {isOpen ? 'OpenChoreo' : 'OC'}
      </Link>
    </div>
  );
};
