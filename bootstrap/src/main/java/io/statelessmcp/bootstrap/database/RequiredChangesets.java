package io.statelessmcp.bootstrap.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The changesets a migrated database has recorded in {@code databasechangelog}, read from this
 * release's changelog without starting Liquibase (that costs a quarter of a second at each start).
 * Not required: changesets whose precondition may fail with {@code onFail: CONTINUE}, which are
 * then not recorded (the pg_cron job, where pg_cron is absent). A test compares this set with what
 * a real migration records.
 */
public final class RequiredChangesets {

  private static final String MASTER = "db/changelog/db.changelog-master.yaml";

  private RequiredChangesets() {}

  public static Set<String> ofThisRelease() {
    Set<String> ids = new LinkedHashSet<>();
    for (Object entry : changes(MASTER)) {
      Map<?, ?> include = (Map<?, ?>) ((Map<?, ?>) entry).get("include");
      if (include == null) {
        throw new IllegalStateException(MASTER + " may only include files");
      }
      String file = "db/changelog/" + include.get("file");
      for (Object change : changes(file)) {
        Map<?, ?> changeSet = (Map<?, ?>) ((Map<?, ?>) change).get("changeSet");
        if (changeSet != null && isRecorded(changeSet)) {
          ids.add(String.valueOf(changeSet.get("id")));
        }
      }
    }
    return ids;
  }

  private static boolean isRecorded(Map<?, ?> changeSet) {
    Object preconditions = changeSet.get("preConditions");
    if (preconditions instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map && "CONTINUE".equals(map.get("onFail"))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<?> changes(String resource) {
    try (InputStream in = RequiredChangesets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("changelog " + resource + " is not on the class path");
      }
      Map<?, ?> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return (List<?>) document.get("databaseChangeLog");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
