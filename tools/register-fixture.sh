#!/usr/bin/env bash
# Rebuilds the register workbooks the tests import (tests/fixtures/register/register.{xlsx,xls,ods})
# from their source, register.fods (LibreOffice's flat XML), with LibreOffice itself: the
# workbooks are made by a spreadsheet program, as a depot's own register is.
set -euo pipefail
cd "$(dirname "$0")/../tests/fixtures/register"
for ext in xlsx xls ods; do
  soffice --headless --convert-to "$ext" register.fods >/dev/null
done
ls -l register.*
