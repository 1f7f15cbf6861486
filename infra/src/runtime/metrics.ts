/**
 * The process's one metrics registry (docs/architecture.md §4.5: the logger and the metrics registry are the
 * only module-level singletons). Every package registers its metrics here with `registers:
 * [metricsRegistry]`; a service exposes metricsText() on GET /metrics. @prometheus-io/client only — never
 * prom-client as well (separate registries: metrics would silently vanish).
 */
import { Registry } from '@prometheus-io/client';

export const metricsRegistry = new Registry();

/** The Prometheus text exposition of every registered metric. */
export const metricsText = (): Promise<string> => metricsRegistry.metrics();

/** The Content-Type to serve metricsText() with. */
export const metricsContentType = (): string => metricsRegistry.contentType;

/** The metric classes, so other workspaces register on metricsRegistry without their own client dependency. */
export { Counter, Gauge, Histogram } from '@prometheus-io/client';
