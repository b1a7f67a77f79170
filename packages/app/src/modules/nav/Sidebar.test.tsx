import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  notificationsApiRef,
  type NotificationsApi,
} from '@backstage/plugin-notifications';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { screen } from '@testing-library/react';
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
  it('shows the notifications bell once, with the unread count, linking to the Notifications page', async () => {
    renderTestApp({
      features: [notificationsPlugin, navModule],
      apis: [[notificationsApiRef, notificationsWithUnread(3)]],
    });

    // The count is part of the item's text, so its accessible name holds what it shows.
    const bell = await screen.findByRole('link', {
      name: 'Notifications (3 unread)',
    });
    expect(bell).toHaveAttribute('href', '/notifications');
    expect(bell).toHaveTextContent('Notifications (3 unread)');
    // Not a second, plain item for the Notifications page in the menu.
    expect(screen.getAllByRole('link', { name: /notifications/i })).toEqual([
      bell,
    ]);
  });

  it('names the bell plainly when nothing is unread', async () => {
    renderTestApp({
      features: [notificationsPlugin, navModule],
      apis: [[notificationsApiRef, notificationsWithUnread(0)]],
    });

    const bell = await screen.findByRole('link', { name: 'Notifications' });
    expect(bell).toHaveTextContent(/^Notifications$/);
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
