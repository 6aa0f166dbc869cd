package io.statelessmcp.bootstrap.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Supabase settings, bound from {@code supabase.*}. application.yaml fills them from {@code
 * SUPABASE_URL} (alias {@code NEXT_PUBLIC_SUPABASE_URL}), {@code SUPABASE_ANON_KEY} (alias {@code
 * NEXT_PUBLIC_SUPABASE_ANON_KEY}), {@code SUPABASE_SERVICE_ROLE_KEY}, {@code SUPABASE_DB_URL},
 * {@code SUPABASE_JWT_SECRET} and {@code MCP_ALLOW_SUPABASE_HS256}.
 */
@ConfigurationProperties("supabase")
public record SupabaseProperties(
    String url,
    String anonKey,
    String serviceRoleKey,
    String dbUrl,
    String jwtSecret,
    String allowHs256) {

  public static final String URL = "SUPABASE_URL";
  public static final String ALLOW_HS256 = "MCP_ALLOW_SUPABASE_HS256";
  public static final String JWT_SECRET = "SUPABASE_JWT_SECRET";

  public SupabaseProperties {
    Settings.httpUrl(URL, url);
    if (Settings.flag(ALLOW_HS256, allowHs256) && (jwtSecret == null || jwtSecret.isBlank())) {
      throw new Settings.InvalidSetting(ALLOW_HS256, "=true needs " + JWT_SECRET + " to be set");
    }
  }

  /** The project URL, or null when Supabase Auth is not configured. */
  public URI projectUrl() {
    return Settings.httpUrl(URL, url);
  }

  public boolean hs256Allowed() {
    return Settings.flag(ALLOW_HS256, allowHs256);
  }

  public boolean hasDbUrl() {
    return dbUrl != null && !dbUrl.isBlank();
  }

  @Override
  public String toString() {
    return "SupabaseProperties[url="
        + url
        + ", anonKey=<redacted>, serviceRoleKey=<redacted>, dbUrl=<redacted>, jwtSecret=<redacted>]";
  }
}
