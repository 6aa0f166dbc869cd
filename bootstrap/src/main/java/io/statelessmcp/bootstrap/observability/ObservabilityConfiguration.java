package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.statelessmcp.application.port.in.PurgeExpiredSessions;
import io.statelessmcp.application.port.out.SessionEvents;
import io.statelessmcp.bootstrap.config.PurgeProperties;
import io.statelessmcp.bootstrap.database.SessionStorage;
import io.statelessmcp.bootstrap.maintenance.PeriodicTask;
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
  PeriodicTask activeSessionsCount(SessionStorage sessions, Clock clock, MeterRegistry registry) {
    ActiveSessionsGauge gauge = new ActiveSessionsGauge(sessions.housekeeping(), clock, registry);
    return new PeriodicTask(
        "active-session count", Duration.ZERO, ACTIVE_SESSIONS_REFRESH, gauge::refresh);
  }

  /** Named {@code workos} in health and in the readiness group. */
  @Bean
  WorkOsHealthIndicator workos(WorkOsCircuit circuit) {
    return new WorkOsHealthIndicator(circuit.breaker());
  }

  /** Off with {@code MCP_PURGE_ENABLED=false}, for example where pg_cron purges instead. */
  @Bean
  PeriodicTask expiredSessionPurge(PurgeExpiredSessions purge, PurgeProperties properties) {
    PurgeScheduler scheduler = new PurgeScheduler(purge);
    Duration interval = properties.interval();
    return properties.isEnabled()
        ? new PeriodicTask("expired-session purge", interval, interval, scheduler::runOnce)
        : PeriodicTask.off("in-app purge of expired sessions", "MCP_PURGE_ENABLED=false");
  }
}
