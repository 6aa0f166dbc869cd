package io.statelessmcp.bootstrap.e2e;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Several replicas share this JVM: each gets its own Netty event loops, so stopping one replica (as
 * the cold-start tests do) does not take the others' loops with it.
 */
@TestConfiguration(proxyBeanMethods = false)
class IsolatedNettyResources {

  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }
}
