# Java 17 for Apache Spark (python -m national --engine spark, and the spark test tier), from Debian's
# openjdk-17-jre-headless, installed when no java is found. Sourced by scripts/national.sh and scripts/test.sh.
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "scripts: Java is missing and cannot be installed here (need root and apt-get)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
