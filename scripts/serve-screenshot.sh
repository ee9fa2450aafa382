#!/usr/bin/env bash
# Retakes docs/serve-page.png: the leaderboard page of `tournament serve` over two real example rounds, in headless
# Chromium (Debian's chromium, or SERVE_BROWSER=/path/to/chrome), taken by the browser test itself
# (tests/Engine.Tests/Serve/ServeBrowserTests.cs: it saves the page after checking it when SERVE_SCREENSHOT is set).
# Usage: scripts/serve-screenshot.sh [output.png]   (default docs/serve-page.png)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out="$(realpath -m "${1:-docs/serve-page.png}")"
if [[ -z "${SERVE_BROWSER:-}" && ! -x /usr/bin/chromium ]]; then
  echo "serve-screenshot.sh needs a Chromium: apt-get install -y chromium, or set SERVE_BROWSER=/path/to/chrome." >&2
  exit 1
fi
dotnet build tests/Engine.Tests/Tournament.Engine.Tests.csproj -c Release --nologo -v q
SERVE_SCREENSHOT="$out" dotnet test tests/Engine.Tests/Tournament.Engine.Tests.csproj -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Tournament.Engine.Tests.Serve.ServeBrowserTests"
test -s "$out" || { echo "the browser test passed but wrote no screenshot to $out" >&2; exit 1; }
echo "wrote $out"
