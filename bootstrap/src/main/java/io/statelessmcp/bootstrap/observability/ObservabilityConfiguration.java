package io.statelessmcp.bootstrap.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.statelessmcp.application.port.out.SessionEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metrics of the use cases. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  @Bean
  SessionEvents sessionEvents(MeterRegistry registry) {
    return new MicrometerSessionEvents(registry);
  }
}
