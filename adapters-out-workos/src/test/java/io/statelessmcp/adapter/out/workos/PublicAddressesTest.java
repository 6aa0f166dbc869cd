package io.statelessmcp.adapter.out.workos;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "127.0.0.1, loopback",
    "127.53.0.1, loopback",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "169.254.169.254, link-local",
    "100.64.0.1, shared",
    "192.0.2.10, reserved",
    "198.18.0.1, reserved",
    "203.0.113.5, reserved",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "255.255.255.255, broadcast",
    "::, unspecified",
    "::1, loopback",
    "fe80::1, link-local",
    "fec0::1, site-local",
    "fc00::1, unique local",
    "fd00:ec2::254, unique local",
    "ff02::1, multicast",
    "::ffff:10.0.0.1, private",
    "::ffff:127.0.0.1, loopback",
    "::10.0.0.1, private",
    "64:ff9b::a9fe:a9fe, link-local",
    "64:ff9b:1::1, NAT64",
    "2002:c0a8:0101::1, private",
    "2001::1, Teredo",
    "2001:db8::1, documentation",
    "100::1, outside global unicast",
  })
  void refusesEveryAddressThatIsNotPublicUnicast(String literal, String why)
      throws UnknownHostException {
    String refusal = PublicAddresses.refusal(InetAddress.getByName(literal), false);

    assertThat(refusal).as(literal).isNotNull().contains(why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
        "64:ff9b::808:808",
        "2002:0808:0808::1"
      })
  void letsPublicAddressesThrough(String literal) throws UnknownHostException {
    assertThat(PublicAddresses.refusal(InetAddress.getByName(literal), false)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "::1, true", "::ffff:127.0.0.1, true", "10.0.0.1, false"})
  void theTestAidLetsLoopbackThroughAndNothingElse(String literal, boolean allowed)
      throws UnknownHostException {
    assertThat(PublicAddresses.refusal(InetAddress.getByName(literal), true) == null)
        .as(literal)
        .isEqualTo(allowed);
  }
}
