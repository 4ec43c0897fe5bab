#!/usr/bin/env bash
# The second step of action.yml: `handbook check` or `handbook build` on HANDBOOK_DIR, with the
# extra HANDBOOK_ARGS split on whitespace. Any other command is refused (exit 2).
set -euo pipefail

command="${HANDBOOK_COMMAND:-check}"
dir="${HANDBOOK_DIR:-.}"
case "$command" in
  check | build) ;;
  *)
    echo "::error title=handbook action::command must be check or build, not '${command}'"
    exit 2
    ;;
esac
read -r -a extra <<<"${HANDBOOK_ARGS:-}"
exec handbook "$command" "$dir" "${extra[@]}"
