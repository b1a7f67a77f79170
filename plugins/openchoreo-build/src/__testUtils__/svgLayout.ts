/*
 * jsdom lays nothing out: SVG elements have no getBBox, which Backstage's DependencyGraph calls to
 * size each node and edge label before dagre places them. A fixed box lets the graph settle and
 * render its nodes (positions do not matter to the tests).
 */
export function stubSvgMeasurement(box = { width: 160, height: 60 }) {
  const proto = window.SVGElement.prototype as SVGElement & {
    getBBox?: () => DOMRect;
  };
  const original = Object.getOwnPropertyDescriptor(proto, 'getBBox');
  beforeAll(() => {
    Object.defineProperty(proto, 'getBBox', {
      configurable: true,
      value: () => ({ x: 0, y: 0, ...box }),
    });
  });
  afterAll(() => {
    if (original) Object.defineProperty(proto, 'getBBox', original);
    else delete proto.getBBox;
  });
}
