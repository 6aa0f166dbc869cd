package io.statelessmcp.adapter.out.workos;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a fetch on a client's behalf may reach: public unicast only. Anything that could
 * be this host, its network, a cloud metadata service or a multicast group is refused, in IPv4 and
 * IPv6, including IPv6 forms that embed an IPv4 address.
 */
final class PublicAddresses {

  private PublicAddresses() {}

  /**
   * Why {@code address} must not be reached, or null when it may.
   *
   * @param loopbackAllowed the test aid: loopback addresses pass (nothing else more)
   */
  static String refusal(InetAddress address, boolean loopbackAllowed) {
    if (address.isLoopbackAddress()) {
      return loopbackAllowed ? null : "a loopback address";
    }
    if (address instanceof Inet4Address) {
      return refusal4(address.getAddress());
    }
    if (address instanceof Inet6Address) {
      return refusal6(address.getAddress(), loopbackAllowed);
    }
    return "an address of an unknown family";
  }

  private static String refusal4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    if (b0 == 0) {
      return "an unspecified address (0.0.0.0/8)";
    }
    if (b0 == 127) {
      return "a loopback address";
    }
    if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
      return "a private address (RFC 1918)";
    }
    if (b0 == 169 && b1 == 254) {
      return "a link-local address (169.254.0.0/16, where cloud metadata services live)";
    }
    if (b0 == 100 && b1 >= 64 && b1 <= 127) {
      return "a shared address (100.64.0.0/10, carrier-grade NAT)";
    }
    if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) {
      return "a reserved address (192.0.0.0/24 or 192.0.2.0/24)";
    }
    if ((b0 == 198 && (b1 == 18 || b1 == 19)) || (b0 == 198 && b1 == 51 && b2 == 100)) {
      return "a reserved address (198.18.0.0/15 or 198.51.100.0/24)";
    }
    if (b0 == 203 && b1 == 0 && b2 == 113) {
      return "a reserved address (203.0.113.0/24)";
    }
    if (b0 >= 224 && b0 <= 239) {
      return "a multicast address";
    }
    if (b0 >= 240) {
      return "a reserved or broadcast address (240.0.0.0/4)";
    }
    return null;
  }

  private static String refusal6(byte[] a, boolean loopbackAllowed) {
    if (isZero(a, 0, 16)) {
      return "the unspecified address (::)";
    }
    if ((a[0] & 0xff) == 0xff) {
      return "a multicast address (ff00::/8)";
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return "a unique local address (fc00::/7)";
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
      return "a link-local address (fe80::/10)";
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
      return "a site-local address (fec0::/10)";
    }
    // IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96): judge the IPv4 address inside.
    if (isZero(a, 0, 10)
        && (((a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) || isZero(a, 10, 2))) {
      return embedded(a, 12, loopbackAllowed);
    }
    // NAT64 (64:ff9b::/96) reaches the IPv4 address inside; 64:ff9b:1::/48 is local use.
    if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
      return isZero(a, 4, 8) ? embedded(a, 12, loopbackAllowed) : "a local-use NAT64 address";
    }
    // 6to4 (2002::/16) carries an IPv4 address in bits 16 to 48.
    if (a[0] == 0x20 && a[1] == 0x02) {
      return embedded(a, 2, loopbackAllowed);
    }
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
      return "a Teredo address (2001::/32)";
    }
    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8) {
      return "a documentation address (2001:db8::/32)";
    }
    if ((a[0] & 0xe0) != 0x20) {
      return "an address outside global unicast (2000::/3)";
    }
    return null;
  }

  private static String embedded(byte[] a, int offset, boolean loopbackAllowed) {
    byte[] v4 = {a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
    if ((v4[0] & 0xff) == 127) {
      return loopbackAllowed ? null : "a loopback address";
    }
    String inner = refusal4(v4);
    return inner == null ? null : inner + ", embedded in IPv6";
  }

  private static boolean isZero(byte[] a, int from, int length) {
    for (int i = from; i < from + length; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
