import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a test file loads MUI and Backstage's app shell, which takes seconds on a busy
// 2-core CI machine; these are ceilings for awaited events, not delays.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });
