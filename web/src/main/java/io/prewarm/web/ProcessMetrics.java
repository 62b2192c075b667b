package io.prewarm.web;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry of a process, in Prometheus form, with the JVM's own meters (memory, GC,
 * threads, classes, CPU, uptime) bound from the start. Every role records into it and
 * {@link MetricsRoutes} serves it, so one scrape shows the whole process.
 */
public final class ProcessMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ProcessMetrics() {
        // Kafka clients report every per-topic metric twice: under the topic's name and under that name
        // with dots turned into underscores (a legacy form). Every Prewarm topic has a dot after
        // "prewarm", so the underscore twins are dropped rather than doubling those series.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("kafka.")
                && id.getTag("topic") != null && id.getTag("topic").startsWith("prewarm_")));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
