package io.statelessmcp.bootstrap.e2e;

import io.statelessmcp.domain.testing.MutableClock;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * One controllable clock for the replicas and the fake WorkOS (which stamps its tokens' expiry with
 * it), so tests can move time past a deadline instead of waiting for it.
 */
@TestConfiguration(proxyBeanMethods = false)
class SharedClock {

  static final MutableClock CLOCK = MutableClock.startingNow();

  @Bean
  @Primary
  Clock sharedTestClock() {
    return CLOCK;
  }
}
