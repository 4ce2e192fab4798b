# Debian packages the app and the tests need: Chromium (browser tests, and the chart images of the meeting pack),
# DejaVu fonts (the pack's PDF) and Liberation Sans (Arial's metrics: how the pack measures its slides' text).
# Sourced by scripts/app.sh and scripts/test.sh; installs only what is missing.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
if [ "${#need[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "scripts: ${need[*]} missing and cannot be installed here (need root and apt-get)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
