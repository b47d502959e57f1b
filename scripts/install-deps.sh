#!/usr/bin/env bash
# Installs the system packages Reelforge needs, only if something is missing (Debian/Ubuntu).
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
fc-list 2>/dev/null | grep -q "DejaVu Sans" || need+=(fonts-dejavu-core fontconfig)
# Fallbacks for text the main font lacks: most scripts (Noto) and colour emoji.
fc-list 2>/dev/null | grep -q "Noto Sans Arabic" || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji)
# Chinese, Japanese and Korean, which Noto's core set leaves out (one small font for all three).
fc-list 2>/dev/null | grep -q "Droid Sans Fallback\|Noto Sans CJK" || need+=(fonts-droid-fallback)
# The themes' typefaces (docs/timeline.md, Themes).
fc-list 2>/dev/null | grep -q "Bebas Neue" || need+=(fonts-bebas-neue)
fc-list 2>/dev/null | grep -q "League Spartan" || need+=(fonts-league-spartan)
fc-list : family 2>/dev/null | grep -q "^Inter" || need+=(fonts-inter)
fc-list 2>/dev/null | grep -q "Lato" || need+=(fonts-lato)
# CLDR's emoji names and keywords: the planner picks each scene's icon from them.
[ -f /usr/share/unicode/cldr/common/annotations/en.xml ] || need+=(unicode-cldr-core)
ldconfig -p 2>/dev/null | grep -q "libfontconfig.so.1" || need+=(libfontconfig1)
# Node runs the official OpenAI SDK contract tests (tests/sdk).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# PostgreSQL: the store conformance suite (tests/Reelforge.Storage.Tests) starts a throwaway cluster with initdb.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# Debian's Chromium runs the web dashboard's browser tests (tests/web, playwright-core drives it).
[ -x /usr/bin/chromium ] || need+=(chromium)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "reelforge: the .NET 10 SDK is required (https://dot.net); it is not installable from Debian's archive." >&2
  exit 1
fi

if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
