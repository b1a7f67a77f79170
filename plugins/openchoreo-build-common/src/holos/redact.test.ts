import { analyzeHolosText } from './analyze';
import { HOLOS_REDACTED_VALUE } from './redact';

const plan = (auth: string) => `apiVersion: v1alpha6
kind: BuildPlan
metadata:
  name: private-chart
spec:
  artifacts:
    - artifact: components/app.gen.yaml
      generators:
        - kind: Helm
          output: components/app.gen.yaml
          helm:
            chart:
              name: app
              version: 1.0.0
              release: app
              repository:
                name: private
                url: https://charts.example.com
                auth:
${auth}
            values: {}
`;

describe('Helm repository credentials in reports', () => {
  it('replaces literal auth values and keeps environment variable names', () => {
    const text = plan(
      '                  username: { fromEnv: CHART_USER }\n' +
        '                  password: { value: hunter2-literal }\n',
    );
    const result = analyzeHolosText(text);
    expect(result.valid).toBe(true);
    const auth =
      result.plans[0].artifacts[0].generators[0].helm?.chart.repository?.auth;
    expect(auth).toEqual({
      username: { fromEnv: 'CHART_USER' },
      password: { value: HOLOS_REDACTED_VALUE },
    });
    expect(JSON.stringify(result)).not.toContain('hunter2-literal');
  });

  it('redacts a credential written in the wrong shape too (a schema problem)', () => {
    const text = plan(
      '                  username: plain-user-literal\n' +
        '                  password: { value: hunter2-literal, extra: also-secret }\n',
    );
    const result = analyzeHolosText(text);
    expect(result.valid).toBe(false);
    const json = JSON.stringify(result);
    expect(json).not.toContain('plain-user-literal');
    expect(json).not.toContain('hunter2-literal');
    expect(json).not.toContain('also-secret');
  });
});
