import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Jest setup (integration and e2e): disconnects, after each test file, the PerformanceObservers
 * that file's code started. prom-client's GC metric starts one per metrics registry and never
 * stops it; Node keeps an observing PerformanceObserver alive, its callback belongs to the
 * file's sandbox, and so every service a file started stayed reachable in the jest worker
 * (~100 MB per integration file). In production one process runs one service until it exits.
 */
const started: PerformanceObserver[] = [];
const observe = PerformanceObserver.prototype.observe;
PerformanceObserver.prototype.observe = function (this: PerformanceObserver, ...options: Parameters<PerformanceObserver['observe']>) {
  started.push(this);
  return observe.apply(this, options);
};

afterAll(() => {
  PerformanceObserver.prototype.observe = observe;
  for (const observer of started.splice(0)) observer.disconnect();
});
