import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  notificationsApiRef,
  type NotificationsApi,
} from '@backstage/plugin-notifications';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { screen, waitFor } from '@testing-library/react';
import { navModule } from '.';

/** The notifications backend as the bell asks it: only the unread count matters here. */
function notificationsWithUnread(unread: number): NotificationsApi {
  const unused = () => Promise.reject(new Error('not used by the sidebar'));
  return {
    getStatus: async () => ({ unread, read: 0 }),
    getNotifications: unused,
    getNotification: unused,
    updateNotifications: unused,
    getNotificationSettings: unused,
    updateNotificationSettings: unused,
    getTopics: unused,
  };
}

describe('the sidebar', () => {
  it('shows the notifications bell once, with a dot while something is unread, linking to the Notifications page', async () => {
    renderTestApp({
      features: [notificationsPlugin, navModule],
      apis: [[notificationsApiRef, notificationsWithUnread(3)]],
    });

    const bell = await screen.findByRole('link', { name: 'Notifications' });
    expect(bell).toHaveAttribute('href', '/notifications');
    // Its visible text is its name (axe: label-content-name-mismatch); a dot says "unread".
    expect(bell).toHaveTextContent(/^Notifications$/);
    await waitFor(() =>
      expect(
        bell.querySelector('.MuiBadge-dot:not(.MuiBadge-invisible)'),
      ).toBeInTheDocument(),
    );
    // Not a second, plain item for the Notifications page in the menu.
    expect(screen.getAllByRole('link', { name: /notifications/i })).toEqual([
      bell,
    ]);
  });

  it('has no bell when the app has no notifications plugin', async () => {
    renderTestApp({ features: [navModule] });

    expect(
      await screen.findByRole('navigation', { name: /sidebar nav/i }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Notifications/ }),
    ).not.toBeInTheDocument();
  });
});
