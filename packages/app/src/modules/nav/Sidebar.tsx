import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import {
  NotificationsSidebarItem,
  type NotificationsRenderItemProps,
} from '@backstage/plugin-notifications';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import MenuIcon from '@material-ui/icons/Menu';
import NotificationsIcon from '@material-ui/icons/Notifications';
import { SidebarLogo } from './SidebarLogo';

/**
 * The bell's item. The plugin's own puts the unread count in a tag beside the text while its
 * accessible name stays "Notifications", which axe reports as a name that does not hold the
 * visible text (label-content-name-mismatch), and a count in the text itself does not fit the
 * sidebar. So: the plain name, a dot on the bell while something is unread, and the count in the
 * page title (the plugin's title counter) and on the Notifications page.
 */
const NotificationsBell = (props: NotificationsRenderItemProps) => (
  <SidebarItem
    icon={NotificationsIcon}
    to={props.to}
    onClick={props.onClick}
    text="Notifications"
    hasNotifications={props.unreadCount > 0}
  />
);

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:catalog')}
            {nav.take('page:openchoreo-build')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          {/* The bell instead of the Notifications page's plain item: it shows the unread count and
              a toast when a notification arrives. Absent when the app has no notifications plugin. */}
          {nav.take('page:notifications') && (
            <NotificationsSidebarItem renderItem={NotificationsBell} />
          )}
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
