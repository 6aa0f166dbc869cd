package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.application.port.out.SessionStore;
import io.statelessmcp.bootstrap.config.PurgeProperties;
import io.statelessmcp.bootstrap.maintenance.PurgeScheduler;
import io.statelessmcp.bootstrap.wiring.IdentityConfiguration.WorkOsCircuit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metrics, health and the scheduled purge. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  static final Duration ACTIVE_SESSIONS_REFRESH = Duration.ofSeconds(30);

  @Bean
  SessionEvents sessionEvents(MeterRegistry registry) {
    return new MicrometerSessionEvents(registry);
  }

  @Bean
  ActiveSessionsGauge activeSessionsGauge(SessionStore store, Clock clock, MeterRegistry registry) {
    return new ActiveSessionsGauge(store, clock, ACTIVE_SESSIONS_REFRESH, registry);
  }

  /** Named {@code workos} in health and in the readiness group. */
  @Bean
  WorkOsHealthIndicator workos(WorkOsCircuit circuit) {
    return new WorkOsHealthIndicator(circuit.breaker());
  }

  @Bean
  PurgeScheduler purgeScheduler(PurgeExpiredSessions purge, PurgeProperties properties) {
    return new PurgeScheduler(purge, properties.interval(), properties.isEnabled());
  }
}
