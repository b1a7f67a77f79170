import {
  createFrontendModule,
  createTranslationMessages,
} from '@backstage/frontend-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { openChoreoBuildApiRef } from '@openchoreo-build/plugin-openchoreo-build';
import openchoreoBuildPlugin, {
  openchoreoBuildTranslationRef,
} from '@openchoreo-build/plugin-openchoreo-build/alpha';
import { MockOpenChoreoBuildApi } from '@openchoreo-build/plugin-openchoreo-build/testUtils';
import { screen } from '@testing-library/react';

describe("the OpenChoreo Build plugin's translation ref", () => {
  it("lets an app reword the plugin's text", async () => {
    const rewording = createFrontendModule({
      pluginId: 'app',
      extensions: [
        TranslationBlueprint.make({
          name: 'openchoreo-build-wording',
          params: {
            resource: createTranslationMessages({
              ref: openchoreoBuildTranslationRef,
              messages: {
                'runsTab.emptyTitle': 'Nothing has been built yet',
              },
            }),
          },
        }),
      ],
    });
    renderTestApp({
      features: [openchoreoBuildPlugin, rewording],
      initialRouteEntries: ['/openchoreo-builds/runs'],
      apis: [
        [openChoreoBuildApiRef, new MockOpenChoreoBuildApi()],
        mockApis.permission(),
      ],
    });
    expect(
      await screen.findByText('Nothing has been built yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No builds yet')).not.toBeInTheDocument();
  });
});
